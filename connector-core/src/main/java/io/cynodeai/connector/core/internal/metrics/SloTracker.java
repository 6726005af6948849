package io.cynodeai.connector.core.internal.metrics;

import io.cynodeai.connector.api.slo.ServiceLevelStatus;
import io.cynodeai.connector.spi.ServiceLevelObjective;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Measures each connector type's SLIs against its declared objectives over their rolling window:
 * availability from {@link RollingCounts}, p95 latency from a Micrometer timer whose percentiles decay over
 * the window. Thread-safe.
 */
public final class SloTracker {
  private final Map<String, Tracked> types = new TreeMap<>();
  private final Clock clock;

  /** @param objectives the declared objective of each type name (the newest version's, when several) */
  public SloTracker(Map<String, ServiceLevelObjective> objectives, Clock clock) {
    this.clock = clock;
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    objectives.forEach((type, slo) -> types.put(type, new Tracked(slo, new RollingCounts(slo.window()),
        Timer.builder("connector.slo.latency").tag("type", type).publishPercentiles(0.95)
            .distributionStatisticExpiry(slo.window()).distributionStatisticBufferLength(3).register(own))));
  }

  void record(String type, boolean failed, long durationMs) {
    Tracked t = types.get(type);
    if (t != null) {
      t.counts.add(clock.instant(), failed);
      t.latency.record(durationMs, TimeUnit.MILLISECONDS);
    }
  }

  /** The status of every type with objectives. */
  public List<ServiceLevelStatus> statuses() {
    Instant now = clock.instant();
    return types.entrySet().stream().map(e -> status(e.getKey(), e.getValue(), now)).toList();
  }

  private static ServiceLevelStatus status(String type, Tracked t, Instant now) {
    long[] counts = t.counts.totals(now);
    ServiceLevelObjective slo = t.slo;
    Double availability = counts[0] == 0 ? null : (counts[0] - counts[1]) / (double) counts[0];
    double burn = availability == null ? 0 : (1 - availability) / (1 - slo.availability());
    Duration p95 = null;
    for (ValueAtPercentile v : t.latency.takeSnapshot().percentileValues()) {
      if (v.percentile() == 0.95 && counts[0] > 0) {
        p95 = Duration.ofNanos((long) v.value(TimeUnit.NANOSECONDS));
      }
    }
    return new ServiceLevelStatus(type, slo.window(), slo.availability(), slo.p95Latency(), counts[0], counts[1],
        availability, p95, burn);
  }

  private record Tracked(ServiceLevelObjective slo, RollingCounts counts, Timer latency) {}
}
