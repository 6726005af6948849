package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.Outcome;
import java.time.Instant;

/**
 * Keeps idempotency records (§2.3). Implementations must make {@link #claim} atomic: of any number of
 * concurrent claims of one key, exactly one is {@link IdempotencyClaim.Acquired}. Thread-safe.
 */
public interface IdempotencyStore {

  /**
   * Claims {@code key} for a call whose input has the given fingerprint, until {@code expiresAt}.
   *
   * @param now the current time; records that expired before it are treated as absent
   */
  IdempotencyClaim claim(IdempotencyKey key, String fingerprint, Instant now, Instant expiresAt);

  /** Stores the outcome of the call that acquired {@code key}. */
  void complete(IdempotencyKey key, Outcome outcome);

  /** Forgets a claimed key so a later call may run (after a transient failure). */
  void release(IdempotencyKey key);

  /** Removes records that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}
