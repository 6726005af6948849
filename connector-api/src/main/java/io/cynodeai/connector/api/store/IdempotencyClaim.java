package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.Outcome;
import java.util.Objects;

/** The answer to claiming an idempotency key. */
public sealed interface IdempotencyClaim {

  /** The key was free (or expired): the caller owns it and must complete or release it. */
  record Acquired() implements IdempotencyClaim {}

  /** Another call with the same key and input is still running. */
  record InFlight() implements IdempotencyClaim {}

  /** A call with the same key and input already finished; this is its outcome. */
  record Completed(Outcome outcome) implements IdempotencyClaim {
    public Completed {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** The key was used with a different input. */
  record Mismatch() implements IdempotencyClaim {}
}
