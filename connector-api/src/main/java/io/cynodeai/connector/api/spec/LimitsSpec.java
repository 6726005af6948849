package io.cynodeai.connector.api.spec;

import org.jspecify.annotations.Nullable;

/**
 * Concurrency and rate limits for an instance (§6, §14). A null field is not set.
 *
 * @param maxParallelInvocations at most this many calls run at once
 * @param queueDepth at most this many calls wait for a slot
 * @param backpressure what happens when the queue is full ({@code reject} or {@code queue})
 * @param rateLimit the sustained rate and burst
 */
public record LimitsSpec(
    @Nullable Integer maxParallelInvocations,
    @Nullable Integer queueDepth,
    @Nullable String backpressure,
    @Nullable RateLimitSpec rateLimit) {

  /** A rate limit: {@code rps} calls per second sustained, {@code burst} at once. */
  public record RateLimitSpec(double rps, int burst) {}
}
