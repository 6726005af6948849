package io.cynodeai.connector.core.internal.metrics;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.slo.ServiceLevelStatus;
import io.cynodeai.connector.spi.ServiceLevelObjective;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures each connector type's SLIs against its declared objectives over their rolling window, from the
 * engine's invocation audit events (it is a tap on the audit stream): availability from {@link RollingCounts},
 * p95 latency from a {@link RollingLatency} histogram (within its stated precision). A call refused before it
 * reached the connector (validation, policy, quota) is not eligible; transient and permanent failures count as
 * failed. Thread-safe.
 */
public final class SloTracker implements AuditSink {
  private final Map<String, Tracked> types = new TreeMap<>();
  private final Clock clock;

  /** @param objectives the declared objective of each type name (the newest version's, when several) */
  public SloTracker(Map<String, ServiceLevelObjective> objectives, Clock clock) {
    this.clock = clock;
    objectives.forEach((type, slo) -> types.put(type, new Tracked(slo, new RollingCounts(slo.window()),
        new RollingLatency(slo.window()))));
  }

  /** Whether any type declares objectives (else there is nothing to track). */
  public boolean tracksAny() {
    return !types.isEmpty();
  }

  @Override
  public void record(AuditEvent event) {
    if (event.type() != AuditEventType.INVOCATION || event.connectorType() == null) {
      return;
    }
    Tracked t = types.get(event.connectorType());
    FailureClass failure = event.failureClass();
    boolean fault = failure == FailureClass.TRANSIENT || failure == FailureClass.PERMANENT;
    if (t != null && (failure == null || fault)) {
      Instant now = clock.instant();
      t.counts.add(now, fault);
      t.latency.add(now, event.durationMs());
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
    Duration p95 = counts[0] == 0 ? null : t.latency.percentile(0.95, now);
    return new ServiceLevelStatus(type, slo.window(), slo.availability(), slo.p95Latency(), counts[0], counts[1],
        availability, p95, burn);
  }

  private record Tracked(ServiceLevelObjective slo, RollingCounts counts, RollingLatency latency) {}
}
