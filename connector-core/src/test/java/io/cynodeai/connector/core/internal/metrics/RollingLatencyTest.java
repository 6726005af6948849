package io.cynodeai.connector.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The SLO's rolling latency histogram against the exact nearest-rank percentiles of known samples: within its
 * stated 4.5% everywhere, and forgetting what left the window. A failure prints the distribution and seed.
 */
class RollingLatencyTest {
  private static final double PRECISION = 0.045;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static long exact(long[] sorted, double p) {
    return sorted[(int) Math.max(0, Math.ceil(p * sorted.length) - 1)];
  }

  private static void assertWithinPrecision(String distribution, long seed, LongSupplier sample) {
    RollingLatency latency = new RollingLatency(Duration.ofHours(1));
    long[] samples = new long[5_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = sample.getAsLong();
      latency.add(START.plusMillis(i * 500L), samples[i]); // spread over 42 of the window's 60 minutes
    }
    Arrays.sort(samples);
    Instant now = START.plusMillis(samples.length * 500L);
    for (double p : new double[] {0.5, 0.9, 0.95, 0.99, 1.0}) {
      long want = exact(samples, p);
      double got = latency.percentile(p, now).toNanos() / 1e6;
      assertThat(Math.abs(got - want)).as("%s (seed %d): p%s = %s ms, exact %d ms", distribution, seed, p * 100,
          got, want).isLessThanOrEqualTo(PRECISION * want);
    }
  }

  @Test
  void percentilesAreWithinTheStatedPrecisionOfTheExactOnes() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      assertWithinPrecision("uniform 1..2000 ms", seed, () -> 1 + random.nextInt(2000));
      assertWithinPrecision("log-normal around 80 ms", seed,
          () -> Math.max(1, Math.round(Math.exp(Math.log(80) + random.nextGaussian()))));
      assertWithinPrecision("bimodal 5 ms / 30 s", seed,
          () -> random.nextInt(100) < 93 ? 3 + random.nextInt(5) : 25_000 + random.nextInt(10_000));
    }
  }

  @Test
  void everyBucketsMiddleIsWithinThePrecisionOfEveryDurationItHolds() {
    for (long ms = 1; ms <= 1L << 24; ms = ms < 4096 ? ms + 1 : ms + ms / 97) {
      double middle = RollingLatency.value(RollingLatency.bucket(ms)).toNanos() / 1e6;
      assertThat(Math.abs(middle - ms)).as("%d ms", ms).isLessThanOrEqualTo(PRECISION * ms);
    }
    assertThat(RollingLatency.value(RollingLatency.bucket(0))).isEqualTo(Duration.ZERO);
    assertThat(RollingLatency.bucket(Long.MAX_VALUE)).isEqualTo(RollingLatency.bucket(1L << 24));
  }

  @Test
  void durationsThatLeftTheWindowAreForgotten() {
    RollingLatency latency = new RollingLatency(Duration.ofMinutes(60));
    assertThat(latency.percentile(0.95, START)).isNull();
    for (int i = 0; i < 100; i++) {
      latency.add(START, 1_000);
    }
    latency.add(START.plus(Duration.ofMinutes(30)), 10);

    assertThat(latency.percentile(0.95, START.plus(Duration.ofMinutes(59))).toMillis()).isBetween(955L, 1045L);
    assertThat(latency.percentile(0.95, START.plus(Duration.ofMinutes(61))).toMillis()).isBetween(9L, 11L);
    assertThat(latency.percentile(0.95, START.plus(Duration.ofMinutes(91)))).isNull();
  }
}
