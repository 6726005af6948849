package io.cynodeai.connector.api.instance;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An instance's concurrency caps and backpressure behaviour (§14), enforced by each engine node for the
 * calls it runs (sync calls and async jobs alike). A call that finds all {@code maxParallelInvocations} slots
 * busy is either refused at once ({@link Backpressure#REJECT}) or queued ({@link Backpressure#QUEUE}) — at
 * most {@code queueDepth} calls wait, each at most {@code maxQueueWait} — and a refused or timed-out call is
 * {@code quota_exceeded}.
 *
 * @param maxParallelInvocations calls of this instance running at once on one node, at least 1
 * @param queueDepth calls that may wait for a slot, at least 0 (ignored by {@code REJECT})
 * @param backpressure what a call gets when every slot is busy
 * @param maxQueueWait the longest a queued call waits for a slot
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConcurrencyLimits(
    int maxParallelInvocations, int queueDepth, Backpressure backpressure, Duration maxQueueWait) {

  private static final ConcurrencyLimits DEFAULTS =
      new ConcurrencyLimits(32, 128, Backpressure.QUEUE, Duration.ofSeconds(10));

  /** What a call gets when every slot of its instance is busy. */
  public enum Backpressure {
    /** Refused at once with {@code quota_exceeded} / {@code concurrency_limit}. */
    REJECT,
    /** Waits in a bounded queue; a full queue or a wait that runs out is {@code quota_exceeded}. */
    QUEUE;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ConcurrencyLimits {
    Objects.requireNonNull(backpressure, "backpressure");
    Objects.requireNonNull(maxQueueWait, "maxQueueWait");
    if (maxParallelInvocations < 1) {
      throw new IllegalArgumentException("maxParallelInvocations must be >= 1");
    }
    if (queueDepth < 0) {
      throw new IllegalArgumentException("queueDepth must be >= 0");
    }
    if (maxQueueWait.isNegative()) {
      throw new IllegalArgumentException("maxQueueWait must be >= 0");
    }
  }

  /** 32 parallel calls, then up to 128 queued for at most 10 s each. */
  public static ConcurrencyLimits defaults() {
    return DEFAULTS;
  }

  /** At most {@code maxParallel} at once; any call beyond is refused at once. */
  public static ConcurrencyLimits reject(int maxParallel) {
    return new ConcurrencyLimits(maxParallel, 0, Backpressure.REJECT, Duration.ZERO);
  }

  /** At most {@code maxParallel} at once, then up to {@code queueDepth} waiting at most {@code maxWait}. */
  public static ConcurrencyLimits queue(int maxParallel, int queueDepth, Duration maxWait) {
    return new ConcurrencyLimits(maxParallel, queueDepth, Backpressure.QUEUE, maxWait);
  }
}
