package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.internal.EngineSettings.requirePositive;

import java.time.Duration;
import java.util.Objects;

/**
 * How an engine deduplicates keyed calls (§2.3), given to {@link EngineBuilder#idempotency}: start from {@link
 * #defaults()} and change what differs, e.g. {@code IdempotencySettings.defaults().withTtl(Duration.ofHours(1))}.
 * Immutable and thread-safe.
 *
 * @param ttl how long an idempotency record, and so a replay of its outcome, lives (default 24 h)
 * @param inFlight what a duplicate keyed call gets while the first one runs (default {@link
 *     InFlightDuplicates#WAIT})
 * @param lockSlack added to an operation's effective timeout to give a keyed call's in-flight lock (default 10
 *     s, may be zero): a caller that died holding a key frees it once the lock runs out; until then duplicates
 *     wait or are rejected
 * @param cleanupInterval how often expired idempotency records are purged (default 10 min)
 */
public record IdempotencySettings(Duration ttl, InFlightDuplicates inFlight, Duration lockSlack,
    Duration cleanupInterval) {

  /**
   * @throws IllegalArgumentException if {@code ttl} or {@code cleanupInterval} is not positive, or {@code
   *     lockSlack} is negative
   */
  public IdempotencySettings {
    requirePositive(ttl, "ttl");
    Objects.requireNonNull(inFlight, "inFlight");
    Objects.requireNonNull(lockSlack, "lockSlack");
    if (lockSlack.isNegative()) {
      throw new IllegalArgumentException("lockSlack must be >= 0");
    }
    requirePositive(cleanupInterval, "cleanupInterval");
  }

  /** 24 h records, duplicates wait, 10 s lock slack, purged every 10 min. */
  public static IdempotencySettings defaults() {
    return new IdempotencySettings(Duration.ofHours(24), InFlightDuplicates.WAIT, Duration.ofSeconds(10),
        Duration.ofMinutes(10));
  }

  public IdempotencySettings withTtl(Duration value) {
    return new IdempotencySettings(value, inFlight, lockSlack, cleanupInterval);
  }

  public IdempotencySettings withInFlight(InFlightDuplicates value) {
    return new IdempotencySettings(ttl, value, lockSlack, cleanupInterval);
  }

  public IdempotencySettings withLockSlack(Duration value) {
    return new IdempotencySettings(ttl, inFlight, value, cleanupInterval);
  }

  public IdempotencySettings withCleanupInterval(Duration value) {
    return new IdempotencySettings(ttl, inFlight, lockSlack, value);
  }
}
