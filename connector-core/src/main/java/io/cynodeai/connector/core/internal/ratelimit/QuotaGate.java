package io.cynodeai.connector.core.internal.ratelimit;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.core.ratelimit.Admission;
import io.cynodeai.connector.core.ratelimit.ProviderQuota;
import io.cynodeai.connector.core.ratelimit.RateLimiter;
import io.cynodeai.connector.core.ratelimit.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Admits invocations (§6): first the provider's quota state (a call waits for a reset that is near, and
 * fails fast otherwise), then the token buckets of the instance, the caller's project and the caller. A
 * refused call gets {@code quota_exceeded} with a retry-after hint and gives back any token it took.
 * Thread-safe.
 */
public final class QuotaGate {
  private static final Duration DEFAULT_BLOCK = Duration.ofSeconds(1);
  private final RateLimiter limiter;
  private final ProviderQuota quota;
  private final RateLimits limits;
  private final Clock clock;

  public QuotaGate(RateLimiter limiter, ProviderQuota quota, RateLimits limits, Clock clock) {
    this.limiter = limiter;
    this.quota = quota;
    this.limits = limits;
    this.clock = clock;
  }

  /** Null if the call may proceed, else the refusal. May wait up to the max quota wait. */
  public @Nullable Failed admit(ConnectorInstance instance, String userId, @Nullable String projectId,
      Instant deadline) {
    Failed blocked = awaitProvider(instance.id(), limits.maxQuotaWait(), deadline);
    if (blocked != null) {
      return blocked;
    }
    List<Taken> taken = new ArrayList<>();
    Instant now = clock.instant();
    Failed refused = take("instance:" + instance.id(), instance.rateLimitPolicy(), "instance '" + instance.id()
        + "'", now, taken);
    if (refused == null && projectId != null) {
      refused = take("project:" + projectId, limits.perProject(), "project '" + projectId + "'", now, taken);
    }
    if (refused == null) {
      refused = take("user:" + userId, limits.perUser(), "user '" + userId + "'", now, taken);
    }
    if (refused != null) {
      for (Taken t : taken) {
        limiter.refund(t.key(), t.limit());
      }
    }
    return refused;
  }

  /**
   * Waits until the provider accepts calls again if that is within {@code maxWait} and before the deadline;
   * null when the call may go on, else a fail-fast refusal with the remaining time.
   */
  public @Nullable Failed awaitProvider(String instanceId, Duration maxWait, Instant deadline) {
    Instant now = clock.instant();
    Optional<Instant> until = quota.blockedUntil(instanceId, now);
    if (until.isEmpty()) {
      return null;
    }
    Duration remaining = Duration.between(now, until.get());
    if (remaining.compareTo(maxWait) > 0 || until.get().isAfter(deadline)) {
      return new Failed(FailureClass.QUOTA_EXCEEDED, "provider_quota_exhausted", "the provider of instance '"
          + instanceId + "' refuses calls until its rate limit resets", true, null, remaining, List.of());
    }
    try {
      Thread.sleep(Math.max(1, remaining.toMillis()));
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Failed.of(FailureClass.TRANSIENT, "interrupted", "the calling thread was interrupted");
    }
  }

  /** Records a provider's 429: the instance is blocked for {@code retryAfter} (one second when unknown). */
  public void providerRateLimited(String instanceId, @Nullable Duration retryAfter) {
    quota.blockUntil(instanceId, clock.instant().plus(retryAfter != null ? retryAfter : DEFAULT_BLOCK));
  }

  private @Nullable Failed take(String key, RateLimitPolicy limit, String scope, Instant now, List<Taken> taken) {
    Admission admission = limiter.tryAcquire(key, limit, now);
    if (admission instanceof Admission.Limited l) {
      return new Failed(FailureClass.QUOTA_EXCEEDED, "rate_limited", "the rate limit of " + scope + " ("
          + limit.requestsPerSecond() + "/s, burst " + limit.burst() + ") is exhausted", true, null,
          l.retryAfter(), List.of());
    }
    if (!limit.isUnlimited()) {
      taken.add(new Taken(key, limit));
    }
    return null;
  }

  /** A token taken from a bucket, to give back if another bucket refuses the call. */
  private record Taken(String key, RateLimitPolicy limit) {}
}
