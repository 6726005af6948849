package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.internal.EngineSettings.requirePositive;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How this engine node runs async jobs (§2.2), given to {@link EngineBuilder#jobs}: start from {@link #defaults()}
 * and change what differs, e.g. {@code JobSettings.defaults().withWorkers("node-a", 2, Duration.ofSeconds(5))}.
 * Immutable and thread-safe.
 *
 * @param nodeId this node's name in leases and attempt history (default {@code node-<random>})
 * @param workers how many worker threads claim and run jobs: 0 makes a submit-only node; {@link #AUTOMATIC}, the
 *     default, starts 4 when a registered type offers an operation in async mode and none otherwise, so an engine
 *     that can run no job polls no job store
 * @param lease how long a lease lasts without renewal (default 5 s, renewed every third of it: a node that dies
 *     leaves its jobs to be reclaimed by another within about that long)
 * @param pollInterval how long an idle job worker waits before claiming again (default 100 ms)
 * @param maxAttempts attempts before a job that keeps failing transiently is dead-lettered (default 3)
 * @param firstRetryDelay the delay before the second attempt (default 1 s, doubling after, at most 1 min)
 * @param maxResultBytes the largest stored result in bytes of JSON (default 1 MiB; a larger result fails the job
 *     with {@code result_too_large} rather than being cut)
 */
public record JobSettings(String nodeId, int workers, Duration lease, Duration pollInterval, int maxAttempts,
    Duration firstRetryDelay, long maxResultBytes) {
  /** The automatic worker count: 4 where an operation can run as a job, else none. */
  public static final int AUTOMATIC = -1;

  /** @throws IllegalArgumentException for a negative worker count (other than {@link #AUTOMATIC}), a lease or
   *     poll interval that is not positive, or fewer than 1 attempt or result byte */
  public JobSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    if (workers < AUTOMATIC) {
      throw new IllegalArgumentException("workers must be >= 0, or JobSettings.AUTOMATIC");
    }
    requirePositive(lease, "lease");
    requirePositive(pollInterval, "jobPollInterval");
    if (maxAttempts < 1 || maxResultBytes < 1) {
      throw new IllegalArgumentException("maxAttempts and maxResultBytes must be >= 1");
    }
    Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
  }

  /** A random node id, automatic workers, 5 s leases, 100 ms polls, 3 attempts 1 s apart, 1 MiB results. */
  public static JobSettings defaults() {
    return new JobSettings("node-" + UUID.randomUUID().toString().substring(0, 8), AUTOMATIC,
        Duration.ofSeconds(5), Duration.ofMillis(100), 3, Duration.ofSeconds(1), 1024 * 1024);
  }

  /** This node's name, worker count and lease. */
  public JobSettings withWorkers(String node, int count, Duration leaseTime) {
    return new JobSettings(node, count, leaseTime, pollInterval, maxAttempts, firstRetryDelay, maxResultBytes);
  }

  /** Attempts, the first retry delay and the largest stored result. */
  public JobSettings withRetries(int attempts, Duration retryDelay, long resultBytes) {
    return new JobSettings(nodeId, workers, lease, pollInterval, attempts, retryDelay, resultBytes);
  }

  public JobSettings withPollInterval(Duration value) {
    return new JobSettings(nodeId, workers, lease, value, maxAttempts, firstRetryDelay, maxResultBytes);
  }
}
