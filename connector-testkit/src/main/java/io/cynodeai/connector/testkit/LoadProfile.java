package io.cynodeai.connector.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the certification's load checks drive each operation: {@code threads} callers invoke it back to back,
 * cycling through its examples' requests, until {@code maxCalls} calls have started or {@code maxDuration}
 * has passed, whichever comes first. The check fails when more than {@code maxErrorRate} of the calls fail or
 * the 99th latency percentile exceeds {@code maxP99}. Mutating operations have side effects at the provider,
 * so only those named in {@code mutatingOperations} are load-tested. Immutable, so thread-safe.
 *
 * <p>The {@linkplain #defaults() defaults} keep a certification fast (at most 200 calls or 1 s per operation);
 * for a longer run pass, for example, {@code LoadProfile.defaults().calls(20_000, Duration.ofMinutes(1))}.
 *
 * @param maxCalls the most calls started per operation; at least 1
 * @param maxDuration the longest an operation is driven; positive, at most 1 hour
 * @param threads concurrent callers; 1 to 256
 * @param maxErrorRate the highest tolerated share of failed calls, 0 to 1
 * @param maxP99 the highest tolerated 99th percentile latency; positive
 * @param mutatingOperations mutating operations the author agrees to load (each call has its own idempotency
 *     key, so each one takes effect)
 */
public record LoadProfile(int maxCalls, Duration maxDuration, int threads, double maxErrorRate, Duration maxP99,
    Set<String> mutatingOperations) {
  private static final LoadProfile DEFAULTS =
      new LoadProfile(200, Duration.ofSeconds(1), 4, 0.01, Duration.ofSeconds(1), Set.of());

  public LoadProfile {
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(maxP99, "maxP99");
    mutatingOperations = Set.copyOf(mutatingOperations);
    if (maxCalls < 1) {
      throw new IllegalArgumentException("maxCalls must be >= 1, was " + maxCalls);
    }
    if (!positive(maxDuration) || maxDuration.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("maxDuration must be between 1 ns and 1 h, was " + maxDuration);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be between 1 and 256, was " + threads);
    }
    if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
      throw new IllegalArgumentException("maxErrorRate must be between 0 and 1, was " + maxErrorRate);
    }
    if (!positive(maxP99)) {
      throw new IllegalArgumentException("maxP99 must be positive, was " + maxP99);
    }
  }

  /** 200 calls or 1 s per operation from 4 threads; at most 1% errors and a p99 of 1 s; no mutating operation. */
  public static LoadProfile defaults() {
    return DEFAULTS;
  }

  /** The same profile with another bound on the run: whichever of the two is reached first ends it. */
  public LoadProfile calls(int calls, Duration duration) {
    return new LoadProfile(calls, duration, threads, maxErrorRate, maxP99, mutatingOperations);
  }

  /** The same profile with {@code count} concurrent callers. */
  public LoadProfile threads(int count) {
    return new LoadProfile(maxCalls, maxDuration, count, maxErrorRate, maxP99, mutatingOperations);
  }

  /** The same profile with other pass thresholds. */
  public LoadProfile thresholds(double errorRate, Duration p99) {
    return new LoadProfile(maxCalls, maxDuration, threads, errorRate, p99, mutatingOperations);
  }

  /** The same profile, also loading these mutating operations (their calls take effect at the provider). */
  public LoadProfile includeMutating(String... operations) {
    return new LoadProfile(maxCalls, maxDuration, threads, maxErrorRate, maxP99, Set.of(operations));
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
