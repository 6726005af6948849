package io.cynodeai.connector.core.ratelimit;

import io.cynodeai.connector.api.instance.RateLimitPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The engine-wide invocation limits (§6), next to each instance's own {@code rate_limit_policy}.
 *
 * @param perUser the limit of each user, across all instances
 * @param perProject the limit of each project (callers acting in it), across all instances
 * @param maxQuotaWait how long a call may wait for a provider's quota reset (after a 429) before it fails
 *     fast with {@code quota_exceeded}; zero fails fast always
 */
public record RateLimits(RateLimitPolicy perUser, RateLimitPolicy perProject, Duration maxQuotaWait) {
  public RateLimits {
    Objects.requireNonNull(perUser, "perUser");
    Objects.requireNonNull(perProject, "perProject");
    Objects.requireNonNull(maxQuotaWait, "maxQuotaWait");
    if (maxQuotaWait.isNegative()) {
      throw new IllegalArgumentException("maxQuotaWait must be >= 0");
    }
  }

  /** No user or project limits; calls wait up to one second for a provider's quota reset. */
  public static RateLimits none() {
    return new RateLimits(RateLimitPolicy.unlimited(), RateLimitPolicy.unlimited(), Duration.ofSeconds(1));
  }

  public RateLimits withPerUser(RateLimitPolicy limit) {
    return new RateLimits(limit, perProject, maxQuotaWait);
  }

  public RateLimits withPerProject(RateLimitPolicy limit) {
    return new RateLimits(perUser, limit, maxQuotaWait);
  }

  public RateLimits withMaxQuotaWait(Duration wait) {
    return new RateLimits(perUser, perProject, wait);
  }
}
