package io.cynodeai.connector.core.internal.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * Eligible and failed call counts over a rolling window, in 60 slots (a slot is 1/60 of the window; a slot
 * older than the window is cleared when reused). Thread-safe.
 */
final class RollingCounts {
  private static final int SLOTS = 60;
  private final long slotMillis;
  private final long[] epoch = new long[SLOTS];
  private final long[] total = new long[SLOTS];
  private final long[] failed = new long[SLOTS];

  RollingCounts(Duration window) {
    this.slotMillis = Math.max(1, window.toMillis() / SLOTS);
    java.util.Arrays.fill(epoch, -1);
  }

  synchronized void add(Instant at, boolean failure) {
    long index = at.toEpochMilli() / slotMillis;
    int slot = (int) Math.floorMod(index, (long) SLOTS);
    if (epoch[slot] != index) {
      epoch[slot] = index;
      total[slot] = 0;
      failed[slot] = 0;
    }
    total[slot]++;
    if (failure) {
      failed[slot]++;
    }
  }

  /** {eligible, failed} over the window ending at {@code now}. */
  synchronized long[] totals(Instant now) {
    long current = now.toEpochMilli() / slotMillis;
    long sum = 0;
    long bad = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (epoch[i] > current - SLOTS && epoch[i] <= current) {
        sum += total[i];
        bad += failed[i];
      }
    }
    return new long[] {sum, bad};
  }
}
