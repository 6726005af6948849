package io.cynodeai.connector.api.instance;

/**
 * An instance's invocation rate limit (§4 {@code rate_limit_policy}, §6): a sustained rate with a burst.
 *
 * @param requestsPerSecond the sustained rate; {@code 0} means no limit
 * @param burst how many calls may arrive at once (the bucket size; at least 1 when limited)
 */
public record RateLimitPolicy(double requestsPerSecond, int burst) {
  private static final RateLimitPolicy UNLIMITED = new RateLimitPolicy(0, 0);

  public RateLimitPolicy {
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be a finite number >= 0");
    }
    if (burst < 0) {
      throw new IllegalArgumentException("burst must be >= 0");
    }
    if (requestsPerSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1 when requestsPerSecond is set (a bucket of 0 admits nothing)");
    }
  }

  public static RateLimitPolicy unlimited() {
    return UNLIMITED;
  }

  public static RateLimitPolicy of(double requestsPerSecond, int burst) {
    return new RateLimitPolicy(requestsPerSecond, burst);
  }

  public boolean isUnlimited() {
    return requestsPerSecond == 0;
  }
}
