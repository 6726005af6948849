package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.core.EngineLimits;
import io.cynodeai.connector.core.IdempotencySettings;
import io.cynodeai.connector.core.InFlightDuplicates;
import io.cynodeai.connector.core.JobSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine-wide limits, fixed when the engine is built.
 *
 * @param syncTimeoutCap the longest any synchronous call may run; operations whose max timeout exceeds it
 *     must be async-only (§2.1.1)
 * @param maxResponseBytes the global response size cap (§16)
 * @param maxRetriesPerCall the most retries any one call gets, whatever its operation declares
 * @param retryBudgetRatio retries allowed per original call, engine-wide (the global retry cap, §5.2)
 * @param minRetriesPerSecond retries always allowed per second, so a quiet engine can still retry
 * @param breakerFailureThreshold consecutive transient failures that open an instance's circuit breaker
 * @param breakerCooldown how long an open breaker fails calls fast before a health check may close it
 * @param healthCheckTimeout how long a health check may run
 * @param idempotency how keyed calls are deduplicated (§2.3)
 * @param globalMaxParallel the global concurrency guard: calls running at once across all instances (§14)
 * @param jobs how async jobs run (§2.2)
 */
public record EngineSettings(
    Duration syncTimeoutCap,
    long maxResponseBytes,
    int maxRetriesPerCall,
    double retryBudgetRatio,
    int minRetriesPerSecond,
    int breakerFailureThreshold,
    Duration breakerCooldown,
    Duration healthCheckTimeout,
    Idempotency idempotency,
    int globalMaxParallel,
    Jobs jobs) {

  /** @throws IllegalArgumentException if {@code d} is zero or negative; NullPointerException if null */
  public static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }

  public static EngineSettings defaults() {
    return new EngineSettings(Duration.ofSeconds(30), 1024 * 1024, 10, 0.2, 10, 5, Duration.ofSeconds(30),
        Duration.ofSeconds(10), Idempotency.defaults(), 512, Jobs.defaults());
  }

  /** The withers below check their values as the builder's setters promise (IllegalArgumentException). */
  public EngineSettings withSyncTimeoutCap(Duration value) {
    requirePositive(value, "syncTimeoutCap");
    return new EngineSettings(value, maxResponseBytes, maxRetriesPerCall, retryBudgetRatio, minRetriesPerSecond,
        breakerFailureThreshold, breakerCooldown, healthCheckTimeout, idempotency, globalMaxParallel, jobs);
  }

  public EngineSettings withMaxResponseBytes(long value) {
    require(value > 0, "maxResponseBytes must be positive");
    return new EngineSettings(syncTimeoutCap, value, maxRetriesPerCall, retryBudgetRatio, minRetriesPerSecond,
        breakerFailureThreshold, breakerCooldown, healthCheckTimeout, idempotency, globalMaxParallel, jobs);
  }

  public EngineSettings withRetryCap(int maxPerCall, double ratio, int minPerSecond) {
    require(maxPerCall >= 0 && ratio >= 0 && minPerSecond >= 0, "retry cap values must be >= 0");
    return new EngineSettings(syncTimeoutCap, maxResponseBytes, maxPerCall, ratio, minPerSecond,
        breakerFailureThreshold, breakerCooldown, healthCheckTimeout, idempotency, globalMaxParallel, jobs);
  }

  public EngineSettings withBreaker(int failureThreshold, Duration cooldown) {
    require(failureThreshold >= 1, "failureThreshold must be >= 1");
    requirePositive(cooldown, "cooldown");
    return new EngineSettings(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryBudgetRatio,
        minRetriesPerSecond, failureThreshold, cooldown, healthCheckTimeout, idempotency, globalMaxParallel, jobs);
  }

  public EngineSettings withHealthCheckTimeout(Duration value) {
    requirePositive(value, "healthCheckTimeout");
    return new EngineSettings(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryBudgetRatio,
        minRetriesPerSecond, breakerFailureThreshold, breakerCooldown, value, idempotency, globalMaxParallel, jobs);
  }

  public EngineSettings withIdempotency(Idempotency value) {
    return new EngineSettings(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryBudgetRatio,
        minRetriesPerSecond, breakerFailureThreshold, breakerCooldown, healthCheckTimeout, value, globalMaxParallel,
        jobs);
  }

  public EngineSettings withGlobalMaxParallel(int value) {
    require(value >= 1, "globalConcurrency must be >= 1");
    return new EngineSettings(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryBudgetRatio,
        minRetriesPerSecond, breakerFailureThreshold, breakerCooldown, healthCheckTimeout, idempotency, value, jobs);
  }

  /** These settings with the host's limits. */
  public EngineSettings with(EngineLimits l) {
    return new EngineSettings(l.syncTimeoutCap(), l.maxResponseBytes(), l.maxRetriesPerCall(), l.retryRatio(),
        l.minRetriesPerSecond(), l.breakerThreshold(), l.breakerCooldown(), l.healthCheckTimeout(), idempotency,
        l.globalConcurrency(), jobs);
  }

  /** These settings with the host's job settings. */
  public EngineSettings with(JobSettings j) {
    return withJobs(jobs.withWorkers(j.nodeId(), j.workers(), j.lease())
        .withRetries(j.maxAttempts(), j.firstRetryDelay(), j.maxResultBytes()).withPollInterval(j.pollInterval()));
  }

  /** These settings with the host's idempotency settings. */
  public EngineSettings with(IdempotencySettings i) {
    return withIdempotency(new Idempotency(i.ttl(), i.inFlight(), i.lockSlack(), i.cleanupInterval()));
  }

  public EngineSettings withJobs(Jobs value) {
    return new EngineSettings(syncTimeoutCap, maxResponseBytes, maxRetriesPerCall, retryBudgetRatio,
        minRetriesPerSecond, breakerFailureThreshold, breakerCooldown, healthCheckTimeout, idempotency,
        globalMaxParallel, value);
  }

  /**
   * @param ttl how long a record (and so a replay) lives after the first call
   * @param inFlight what a duplicate gets while the first call runs
   * @param lockSlack added to an operation's effective timeout to give the in-flight lock; a caller that
   *     died holding a key frees it after that
   * @param cleanupInterval how often expired records are purged
   */
  public record Idempotency(Duration ttl, InFlightDuplicates inFlight, Duration lockSlack,
      Duration cleanupInterval) {
    public static Idempotency defaults() {
      return new Idempotency(Duration.ofHours(24), InFlightDuplicates.WAIT, Duration.ofSeconds(10),
          Duration.ofMinutes(10));
    }

    public Idempotency withTtl(Duration value) {
      return new Idempotency(value, inFlight, lockSlack, cleanupInterval);
    }

    public Idempotency withInFlight(InFlightDuplicates value) {
      return new Idempotency(ttl, value, lockSlack, cleanupInterval);
    }

    public Idempotency withLockSlack(Duration value) {
      return new Idempotency(ttl, inFlight, value, cleanupInterval);
    }

    public Idempotency withCleanupInterval(Duration value) {
      return new Idempotency(ttl, inFlight, lockSlack, value);
    }
  }

  /**
   * @param nodeId this engine node's name in leases and attempt history
   * @param workers worker threads claiming and running jobs on this node (0: this node only submits; {@link
   *     #AUTOMATIC}: 4 when a registered type offers an operation in async mode, else none)
   * @param pollInterval how long an idle worker waits before claiming again
   * @param lease how long a claim lasts without renewal; a node renews every third of it
   * @param maxAttempts attempts before a job that keeps failing transiently is dead-lettered
   * @param retryDelay the delay before the second attempt, doubling for each further one (a provider's
   *     Retry-After wins when longer), at most {@code maxRetryDelay}
   * @param maxRetryDelay the longest delay between attempts
   * @param maxResultBytes the largest stored result (its JSON); a larger one fails the job
   */
  public record Jobs(String nodeId, int workers, Duration pollInterval, Duration lease, int maxAttempts,
      Duration retryDelay, Duration maxRetryDelay, long maxResultBytes) {
    /** The default worker count: workers only on an engine with something that can be run as a job. */
    public static final int AUTOMATIC = -1;
    /** The workers {@link #AUTOMATIC} starts when a registered type offers an async operation. */
    public static final int DEFAULT_WORKERS = 4;
    /**
     * How long a claim lasts without renewal: short, so a job of a node that died runs again elsewhere within
     * about 5 s; the node's heartbeat renews its leases every third of it.
     */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    public static Jobs defaults() {
      return new Jobs("node-" + java.util.UUID.randomUUID().toString().substring(0, 8), AUTOMATIC,
          Duration.ofMillis(100),
          DEFAULT_LEASE, 3, Duration.ofSeconds(1), Duration.ofMinutes(1), 1024 * 1024);
    }

    /** These settings with {@link #AUTOMATIC} resolved: whether any registered operation can run as a job. */
    public Jobs resolved(boolean anyAsync) {
      return workers != AUTOMATIC ? this : withWorkers(nodeId, anyAsync ? DEFAULT_WORKERS : 0, lease);
    }

    public Jobs withWorkers(String node, int count, Duration leaseTime) {
      Objects.requireNonNull(node, "nodeId");
      require(count >= AUTOMATIC, "workers must be >= 0, or JobSettings.AUTOMATIC");
      requirePositive(leaseTime, "lease");
      return new Jobs(node, count, pollInterval, leaseTime, maxAttempts, retryDelay, maxRetryDelay, maxResultBytes);
    }

    public Jobs withRetries(int attempts, Duration firstRetryDelay, long resultBytes) {
      require(attempts >= 1 && resultBytes >= 1, "maxAttempts and maxResultBytes must be >= 1");
      Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
      return new Jobs(nodeId, workers, pollInterval, lease, attempts, firstRetryDelay, maxRetryDelay, resultBytes);
    }

    public Jobs withPollInterval(Duration value) {
      requirePositive(value, "jobPollInterval");
      return new Jobs(nodeId, workers, value, lease, maxAttempts, retryDelay, maxRetryDelay, maxResultBytes);
    }
  }
}
