package io.cynodeai.connector.core.ratelimit;

import io.cynodeai.connector.api.instance.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;

/** The token-bucket arithmetic shared by the limiters. Stateless. */
final class TokenBuckets {
  private TokenBuckets() {}

  /** The bucket size: the burst, and at least one call. */
  static double capacity(RateLimitPolicy limit) {
    return Math.max(1, limit.burst());
  }

  /** The tokens in a bucket that held {@code tokens} at {@code at}, at {@code now}. */
  static double refill(double tokens, Instant at, Instant now, RateLimitPolicy limit) {
    double seconds = Math.max(0, Duration.between(at, now).toNanos() / 1e9);
    return Math.min(capacity(limit), tokens + seconds * limit.requestsPerSecond());
  }

  /** How long until a bucket holding {@code tokens} (< 1) holds one, rounded up to the millisecond. */
  static Duration untilOneToken(double tokens, RateLimitPolicy limit) {
    double seconds = (1 - tokens) / limit.requestsPerSecond();
    return Duration.ofMillis((long) Math.ceil(seconds * 1000));
  }
}
