package io.cynodeai.connector.core.ratelimit;

import io.cynodeai.connector.api.instance.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets and provider quota state in this JVM: limits apply per engine node. Buckets are a few
 * doubles each; an unused bucket refills to full and is dropped after an hour. Thread-safe.
 */
public final class InMemoryRateLimiter implements RateLimiter, ProviderQuota {
  private static final long IDLE_NANOS = Duration.ofHours(1).toNanos();
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> blocked = new ConcurrentHashMap<>();

  @Override
  public Admission tryAcquire(String key, RateLimitPolicy limit, Instant now) {
    if (limit.isUnlimited()) {
      return Admission.ADMITTED;
    }
    if (buckets.size() > 10_000) {
      buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(now, TokenBuckets.capacity(limit)));
    synchronized (bucket) {
      double tokens = TokenBuckets.refill(bucket.tokens, bucket.at, now, limit);
      bucket.at = now.isAfter(bucket.at) ? now : bucket.at;
      if (tokens >= 1) {
        bucket.tokens = tokens - 1;
        return Admission.ADMITTED;
      }
      bucket.tokens = tokens;
      return new Admission.Limited(TokenBuckets.untilOneToken(tokens, limit));
    }
  }

  @Override
  public void refund(String key, RateLimitPolicy limit) {
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      synchronized (bucket) {
        bucket.tokens = Math.min(TokenBuckets.capacity(limit), bucket.tokens + 1);
      }
    }
  }

  @Override
  public void blockUntil(String instanceId, Instant until) {
    blocked.merge(instanceId, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public Optional<Instant> blockedUntil(String instanceId, Instant now) {
    Instant until = blocked.get(instanceId);
    if (until == null) {
      return Optional.empty();
    }
    if (!until.isAfter(now)) {
      blocked.remove(instanceId, until);
      return Optional.empty();
    }
    return Optional.of(until);
  }

  private static final class Bucket {
    double tokens;
    Instant at;

    Bucket(Instant at, double tokens) {
      this.at = at;
      this.tokens = tokens;
    }

    synchronized long idleSince(Instant now) {
      return Duration.between(at, now).toNanos();
    }
  }
}
