package io.cynodeai.connector.core.ratelimit;

import io.cynodeai.connector.api.instance.RateLimitPolicy;
import java.time.Instant;

/**
 * Token buckets by key (§6): each bucket holds up to {@code burst} tokens and refills at {@code
 * requestsPerSecond}; a call takes one token. The engine keys buckets {@code user:<id>}, {@code
 * project:<id>} and {@code instance:<id>}. A bucket is created full on first use; when its policy changes,
 * the new policy applies from the next call.
 *
 * <p>Called by the engine on every invocation, on the invoking thread, before the handler runs; must be
 * thread-safe and fast, and should not throw (a throwing limiter fails the call as an engine error). An
 * implementation backed by a shared database makes the limits cluster-wide.
 */
public interface RateLimiter {

  /** Takes one token from the bucket at {@code now}, or says how long until one is available. */
  Admission tryAcquire(String key, RateLimitPolicy limit, Instant now);

  /** Gives back a token taken by {@link #tryAcquire} for a call another bucket then refused. */
  void refund(String key, RateLimitPolicy limit);
}
