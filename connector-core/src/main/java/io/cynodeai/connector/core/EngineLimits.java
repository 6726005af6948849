package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.internal.EngineSettings.requirePositive;

import java.time.Duration;

/**
 * The engine-wide limits (§5, §14, §16), changed with {@link EngineBuilder#limits}, e.g. {@code .limits(l ->
 * l.withCircuitBreaker(3, Duration.ofMinutes(1)))}. Immutable and thread-safe.
 *
 * @param syncTimeoutCap the longest a synchronous call may take (default 30 s); operations declaring more must be
 *     async-only
 * @param maxResponseBytes the global response size cap in bytes (default 1 MiB); larger responses are truncated
 * @param maxRetriesPerCall the global retry cap (§5.2): at most this many retries for any call (default 10)
 * @param retryRatio and engine-wide about this many retries per original call (default 0.2)
 * @param minRetriesPerSecond plus this many per second (default 10), so a quiet engine can still retry
 * @param breakerThreshold per-instance circuit breakers (§5.3) open after this many consecutive provider faults
 *     (default 5)
 * @param breakerCooldown and fail fast for this long (default 30 s), then close only after a passing health check
 * @param healthCheckTimeout how long a health check may run (default 10 s)
 * @param globalConcurrency the global concurrency guard (§14): calls running at once on this engine across all
 *     instances (default 512); a call beyond it waits as its instance's backpressure allows, then is {@code
 *     quota_exceeded}. Per-instance caps are each instance's {@link
 *     io.cynodeai.connector.api.instance.ConcurrencyLimits}.
 */
public record EngineLimits(Duration syncTimeoutCap, long maxResponseBytes, int maxRetriesPerCall,
    double retryRatio, int minRetriesPerSecond, int breakerThreshold, Duration breakerCooldown,
    Duration healthCheckTimeout, int globalConcurrency) {

  /** @throws IllegalArgumentException for a value outside its range (the message names it) */
  public EngineLimits {
    requirePositive(syncTimeoutCap, "syncTimeoutCap");
    require(maxResponseBytes > 0, "maxResponseBytes must be positive");
    require(maxRetriesPerCall >= 0 && retryRatio >= 0 && minRetriesPerSecond >= 0, "retry cap values must be >= 0");
    require(breakerThreshold >= 1, "failureThreshold must be >= 1");
    requirePositive(breakerCooldown, "cooldown");
    requirePositive(healthCheckTimeout, "healthCheckTimeout");
    require(globalConcurrency >= 1, "globalConcurrency must be >= 1");
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The defaults listed above. */
  public static EngineLimits defaults() {
    return new EngineLimits(Duration.ofSeconds(30), 1024 * 1024, 10, 0.2, 10, 5, Duration.ofSeconds(30),
        Duration.ofSeconds(10), 512);
  }

  public EngineLimits withSyncTimeoutCap(Duration cap) {
    return new EngineLimits(cap, maxResponseBytes, maxRetriesPerCall, retryRatio, minRetriesPerSecond,
        breakerThreshold, breakerCooldown, healthCheckTimeout, globalConcurrency);
  }

  public EngineLimits withMaxResponseBytes(long bytes) {
    return new EngineLimits(syncTimeoutCap, bytes, maxRetriesPerCall, retryRatio, minRetriesPerSecond,
        breakerThreshold, breakerCooldown, healthCheckTimeout, globalConcurrency);
  }

  /** The global retry cap: {@code maxPerCall}, {@code ratio} and {@code minPerSecond} as above. */
  public EngineLimits withRetryCap(int maxPerCall, double ratio, int minPerSecond) {
    return new EngineLimits(syncTimeoutCap, maxResponseBytes, maxPerCall, ratio, minPerSecond, breakerThreshold,
        breakerCooldown, healthCheckTimeout, globalConcurrency);
  }

  /** The circuit breakers' threshold and cooldown. */
  public EngineLimits withCircuitBreaker(int failureThreshold, Duration cooldown) {
    return new EngineLimits(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryRatio, minRetriesPerSecond,
        failureThreshold, cooldown, healthCheckTimeout, globalConcurrency);
  }

  public EngineLimits withHealthCheckTimeout(Duration timeout) {
    return new EngineLimits(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryRatio, minRetriesPerSecond,
        breakerThreshold, breakerCooldown, timeout, globalConcurrency);
  }

  public EngineLimits withGlobalConcurrency(int maxParallel) {
    return new EngineLimits(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryRatio, minRetriesPerSecond,
        breakerThreshold, breakerCooldown, healthCheckTimeout, maxParallel);
  }
}
