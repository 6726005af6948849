package io.cynodeai.connector.core.internal.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Call durations over a rolling window, for a percentile: 60 time slots like {@link RollingCounts}, each holding a
 * histogram of fixed log-scale buckets (8 per doubling of the duration in milliseconds), so memory stays constant
 * however many calls are recorded.
 *
 * <p>Precision: {@link #percentile} returns the geometric middle of the bucket holding the nearest-rank
 * percentile of the durations recorded in the window, so it is within 4.5% (2^(1/16) - 1) of that exact value;
 * a duration under 1 ms is reported as 0, and one of 2^24 ms (about 4.7 hours) or more counts as 2^24 ms. The
 * window is whole slots: it covers between 59/60 of the window and all of it. Thread-safe.
 */
final class RollingLatency {
  private static final int SLOTS = 60;
  private static final int PER_DOUBLING = 8;
  private static final int DOUBLINGS = 24;
  /** Bucket 0 holds durations under 1 ms; bucket i > 0 holds [2^((i-1)/8), 2^(i/8)) ms. */
  private static final int BUCKETS = 2 + PER_DOUBLING * DOUBLINGS;
  private static final double LOG2 = Math.log(2);
  private final long slotMillis;
  private final long[] epoch = new long[SLOTS];
  private final long[][] counts = new long[SLOTS][];

  RollingLatency(Duration window) {
    this.slotMillis = Math.max(1, window.toMillis() / SLOTS);
    Arrays.fill(epoch, -1);
  }

  synchronized void add(Instant at, long durationMs) {
    long index = at.toEpochMilli() / slotMillis;
    int slot = (int) Math.floorMod(index, (long) SLOTS);
    if (epoch[slot] != index) {
      epoch[slot] = index;
      if (counts[slot] == null) {
        counts[slot] = new long[BUCKETS];
      } else {
        Arrays.fill(counts[slot], 0);
      }
    }
    counts[slot][bucket(durationMs)]++;
  }

  /**
   * The {@code p}-th percentile (0 < p <= 1, nearest rank) of the durations in the window ending at {@code now},
   * within the precision stated above; null when the window holds no duration.
   */
  synchronized @Nullable Duration percentile(double p, Instant now) {
    long current = now.toEpochMilli() / slotMillis;
    long[] merged = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (counts[i] != null && epoch[i] > current - SLOTS && epoch[i] <= current) {
        for (int b = 0; b < BUCKETS; b++) {
          merged[b] += counts[i][b];
          total += counts[i][b];
        }
      }
    }
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += merged[b];
      if (seen >= Math.max(1, rank)) {
        return value(b);
      }
    }
    return value(BUCKETS - 1);
  }

  static int bucket(long durationMs) {
    if (durationMs < 1) {
      return 0;
    }
    int i = 1 + (int) Math.floor(PER_DOUBLING * Math.log(durationMs) / LOG2);
    return Math.min(i, BUCKETS - 1);
  }

  /** The geometric middle of bucket {@code b}. */
  static Duration value(int b) {
    if (b == 0) {
      return Duration.ZERO;
    }
    double ms = Math.pow(2, (b - 0.5) / PER_DOUBLING);
    return Duration.ofNanos(Math.round(ms * 1_000_000));
  }
}
