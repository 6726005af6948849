package io.cynodeai.connector.api.instance;

import java.time.Instant;
import java.util.Objects;

/** The last error an instance saw (§4 {@code last_error}): a stable code, a message, and when. */
public record InstanceError(String code, String message, Instant at) {
  public InstanceError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
