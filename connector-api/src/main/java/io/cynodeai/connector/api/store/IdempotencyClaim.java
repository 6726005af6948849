package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.Outcome;
import java.util.Objects;

/** The answer to claiming an idempotency key; switch over the four cases exhaustively. */
public sealed interface IdempotencyClaim {

  /**
   * The key was free, expired, or abandoned by a caller whose in-flight lock ran out: the caller owns it and
   * must {@link IdempotencyStore#complete complete} or {@link IdempotencyStore#release release} it with
   * {@code token}.
   */
  record Acquired(String token) implements IdempotencyClaim {
    public Acquired {
      Objects.requireNonNull(token, "token");
    }
  }

  /** Another call with the same key and input is still running (its lock has not run out). */
  record InFlight() implements IdempotencyClaim {}

  /** A call with the same key and input already finished; this is its stored outcome. */
  record Completed(Outcome outcome) implements IdempotencyClaim {
    public Completed {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** The key is held (running or finished) by a call with a different input. */
  record Mismatch() implements IdempotencyClaim {}
}
