package io.cynodeai.connector.core.internal.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cynodeai.connector.core.ratelimit.InMemoryRateLimiter;
import io.cynodeai.connector.core.ratelimit.ProviderQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This node's view of a shared {@link ProviderQuota}, which every call reads: what the store said about an
 * instance is kept for at most the staleness bound, so a call costs no query while the provider is not
 * blocking. A block recorded through this node is seen by its next call at once; one recorded by another node
 * within the bound (until then this node's calls reach the provider, which refuses them itself, and this node
 * records the block too). Thread-safe.
 */
public final class CachedProviderQuota implements ProviderQuota {
  private final ProviderQuota shared;
  private final Cache<String, Optional<Instant>> reads;

  private CachedProviderQuota(ProviderQuota shared, Duration staleness, Ticker ticker) {
    this.shared = shared;
    this.reads = Caffeine.newBuilder().expireAfterWrite(staleness).maximumSize(10_000).ticker(ticker)
        .scheduler(Scheduler.systemScheduler()).build();
  }

  /** {@code shared} read through a cache whose entries live at most {@code staleness}; itself when in memory or zero. */
  public static ProviderQuota over(ProviderQuota shared, Duration staleness) {
    return over(shared, staleness, Ticker.systemTicker());
  }

  static ProviderQuota over(ProviderQuota shared, Duration staleness, Ticker ticker) {
    if (staleness.isZero() || shared instanceof InMemoryRateLimiter) {
      return shared;
    }
    return new CachedProviderQuota(shared, staleness, ticker);
  }

  @Override
  public void blockUntil(String instanceId, Instant until) {
    try {
      shared.blockUntil(instanceId, until);
    } finally {
      reads.invalidate(instanceId);
    }
  }

  @Override
  public Optional<Instant> blockedUntil(String instanceId, Instant now) {
    Optional<Instant> until = reads.get(instanceId, id -> shared.blockedUntil(id, now));
    return until.filter(u -> u.isAfter(now));
  }
}
