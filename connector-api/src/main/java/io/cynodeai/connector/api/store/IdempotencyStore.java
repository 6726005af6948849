package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.Outcome;
import java.time.Duration;

/**
 * Keeps idempotency records (§2.3): for each {@link IdempotencyKey}, the fingerprint of the input it was
 * first used with, whether that call is still running, and its outcome once it finished.
 *
 * <p>Called by the engine on the invoking thread, once or a few times per keyed call; may block on I/O.
 * Implementations must be thread-safe and make {@link #claim} atomic, across every engine sharing the store:
 * of any number of concurrent claims of one free key, exactly one is {@link IdempotencyClaim.Acquired}. Times
 * (lock and record expiry) are measured on the store's own clock — the database's for a shared store — so
 * engine nodes with skewed clocks agree.
 */
public interface IdempotencyStore {

  /**
   * Claims {@code key} for a call whose input has the given fingerprint.
   *
   * @param lockFor how long the claim counts as in flight; after that a crashed caller's key may be taken
   *     over by the next claim with the same input
   * @param ttl how long the record lives, from now; an expired record is treated as absent
   */
  IdempotencyClaim claim(IdempotencyKey key, String fingerprint, Duration lockFor, Duration ttl);

  /**
   * Stores the outcome of the call that acquired {@code key} with {@code token}.
   *
   * @return false if the claim was lost meanwhile (its lock ran out and another call took the key over)
   */
  boolean complete(IdempotencyKey key, String token, Outcome outcome);

  /** Forgets a key claimed with {@code token} so a later call may run (after a transient failure). */
  void release(IdempotencyKey key, String token);

  /** Removes records whose TTL has passed; returns how many. */
  int purgeExpired();
}
