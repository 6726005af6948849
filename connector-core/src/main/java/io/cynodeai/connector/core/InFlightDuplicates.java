package io.cynodeai.connector.core;

/**
 * What a keyed call gets while an earlier call with the same idempotency key and input is still running
 * (§2.3). Either way the operation never runs twice.
 */
public enum InFlightDuplicates {
  /**
   * Wait for the first call's outcome and return it (a replay). The wait is bounded by the first call's
   * in-flight lock — the operation's effective timeout plus {@link IdempotencySettings#lockSlack() slack}
   * — after which the duplicate gets the {@code idempotency_in_flight} conflict. The default.
   */
  WAIT,
  /**
   * Answer at once with {@code transient} / {@code idempotency_in_flight} (HTTP 409 semantics), retryable:
   * the same call made later returns the stored outcome.
   */
  REJECT
}
