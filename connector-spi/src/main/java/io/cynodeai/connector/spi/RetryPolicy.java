package io.cynodeai.connector.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How an operation is retried (§5.2). Only transient failures are ever retried: a provider status in
 * {@code retryableStatusCodes}, a timeout, a network error, or a {@link ProviderException} marked
 * transient. The engine also enforces a global retry cap, so this is an upper bound, not a promise.
 *
 * @param maxRetries retries after the first attempt ({@code 0} for none)
 * @param backoff the backoff strategy; must be exponential when {@code maxRetries > 0}
 * @param initialDelay the delay before the first retry
 * @param maxDelay the largest delay between attempts
 * @param jitterFactor random spread applied to each delay, in {@code [0, 1)}
 * @param retryableStatusCodes provider status codes that mean "transient"
 */
public record RetryPolicy(
    int maxRetries,
    BackoffStrategy backoff,
    Duration initialDelay,
    Duration maxDelay,
    double jitterFactor,
    Set<Integer> retryableStatusCodes) {

  /** HTTP statuses that are transient by nature: timeouts, rate limits and unavailable servers. */
  public static final Set<Integer> TRANSIENT_HTTP_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    retryableStatusCodes = Set.copyOf(retryableStatusCodes);
  }

  /** No retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(0, BackoffStrategy.EXPONENTIAL, Duration.ofMillis(100), Duration.ofSeconds(1), 0,
        TRANSIENT_HTTP_STATUSES);
  }

  /**
   * Up to {@code maxRetries} retries, starting at 100 ms and doubling up to 5 s, with 20 % jitter, on the
   * transient HTTP statuses.
   */
  public static RetryPolicy exponential(int maxRetries) {
    return new RetryPolicy(maxRetries, BackoffStrategy.EXPONENTIAL, Duration.ofMillis(100),
        Duration.ofSeconds(5), 0.2, TRANSIENT_HTTP_STATUSES);
  }

  public RetryPolicy withDelays(Duration initial, Duration max) {
    return new RetryPolicy(maxRetries, backoff, initial, max, jitterFactor, retryableStatusCodes);
  }

  public RetryPolicy withJitter(double factor) {
    return new RetryPolicy(maxRetries, backoff, initialDelay, maxDelay, factor, retryableStatusCodes);
  }

  public RetryPolicy withRetryableStatusCodes(Set<Integer> codes) {
    return new RetryPolicy(maxRetries, backoff, initialDelay, maxDelay, jitterFactor, codes);
  }

  public RetryPolicy withBackoff(BackoffStrategy strategy) {
    return new RetryPolicy(maxRetries, strategy, initialDelay, maxDelay, jitterFactor, retryableStatusCodes);
  }
}
