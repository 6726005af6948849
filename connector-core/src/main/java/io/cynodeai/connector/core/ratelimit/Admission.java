package io.cynodeai.connector.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/** A rate limiter's answer: admitted, or limited with when to retry. */
public sealed interface Admission {

  /** The call may proceed; one token was taken. */
  record Admitted() implements Admission {}

  /** The bucket is empty; a token will be available after {@code retryAfter}. */
  record Limited(Duration retryAfter) implements Admission {
    public Limited {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must be >= 0");
      }
    }
  }

  Admitted ADMITTED = new Admitted();
}
