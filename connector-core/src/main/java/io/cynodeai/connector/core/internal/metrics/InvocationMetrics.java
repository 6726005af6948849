package io.cynodeai.connector.core.internal.metrics;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns the engine's audit events into the §10.2 metrics, per connector type and instance, then passes each
 * event on to the host's sink. Deriving metrics from audit events keeps one source of truth: every
 * invocation, refusal and breaker trip is already an event.
 *
 * <ul>
 *   <li>{@code connector.invocations} (counter; type, instance, outcome) — invocation_count
 *   <li>{@code connector.invocation.errors} (counter; type, instance, failure_class) — transient and
 *       permanent failures; error_rate = errors / invocations
 *   <li>{@code connector.invocation.latency} (timer; type, instance) — count, total and max per instance
 *   <li>{@code connector.type.latency} (timer; type; p50, p95, p99) — latency percentiles, per type: client-side
 *       percentiles cost kilobytes per series, too much for thousands of instances
 *   <li>{@code connector.invocation.retries} (counter; type, instance) — retry_rate = retries / invocations
 *   <li>{@code connector.quota.exceeded} (counter; type, instance) — quota_exceeded_count
 *   <li>{@code connector.circuit_breaker.trips} (counter; type, instance) — circuit_breaker_trips
 *   <li>{@code connector.polls} (counter; type, instance, outcome) and {@code connector.polled.events}
 *       (counter; type, instance) — polls and the events they delivered; a poll held by the provider's rate
 *       limit also counts in {@code connector.quota.exceeded}
 * </ul>
 *
 * Calls to an unknown (or unreachable) instance are tagged {@code type=unknown, instance=unknown}, so
 * callers cannot grow the number of series. Meters are kept in a map after their first use (no tag lookup per
 * call), and an instance's meters are removed from the registry when it is uninstalled, so nothing of it is
 * retained. Thread-safe.
 */
public final class InvocationMetrics implements AuditSink {
  private static final String UNKNOWN = "unknown";
  private final MeterRegistry registry;
  private final SloTracker slos;
  private final AuditSink next;
  private final Map<String, Meter> cached = new ConcurrentHashMap<>();

  public InvocationMetrics(MeterRegistry registry, SloTracker slos, AuditSink next) {
    this.registry = registry;
    this.slos = slos;
    this.next = next;
  }

  @Override
  public void record(AuditEvent event) {
    try {
      measure(event);
    } finally {
      next.record(event);
    }
  }

  private void measure(AuditEvent event) {
    String type = event.connectorType() == null ? UNKNOWN : event.connectorType();
    String instance = event.connectorType() == null || event.connectorInstanceId() == null ? UNKNOWN
        : event.connectorInstanceId();
    if (event.type() == AuditEventType.LIFECYCLE && "uninstall".equals(event.action())
        && AuditEvent.SUCCEEDED.equals(event.outcome()) && event.connectorInstanceId() != null) {
      forget(event.connectorInstanceId());
      return;
    }
    if (event.type() == AuditEventType.LIFECYCLE && "circuit_opened".equals(event.action())) {
      counter("connector.circuit_breaker.trips", type, instance).increment();
      return;
    }
    if (event.type() == AuditEventType.POLL) {
      poll(event, type, instance);
      return;
    }
    if (event.type() != AuditEventType.INVOCATION) {
      return;
    }
    counter("connector.invocations", type, instance, "outcome", event.outcome()).increment();
    ((Timer) cached.computeIfAbsent("connector.invocation.latency|" + type + "|" + instance,
        k -> Timer.builder("connector.invocation.latency").tag("type", type).tag("instance", instance)
            .register(registry))).record(event.durationMs(), TimeUnit.MILLISECONDS);
    ((Timer) cached.computeIfAbsent("connector.type.latency|" + type, k -> Timer.builder("connector.type.latency")
        .tag("type", type).publishPercentiles(0.5, 0.95, 0.99).register(registry)))
        .record(event.durationMs(), TimeUnit.MILLISECONDS);
    if (event.retryCount() > 0) {
      counter("connector.invocation.retries", type, instance).increment(event.retryCount());
    }
    FailureClass failure = event.failureClass();
    if (failure == FailureClass.QUOTA_EXCEEDED) {
      counter("connector.quota.exceeded", type, instance).increment();
    }
    boolean fault = failure == FailureClass.TRANSIENT || failure == FailureClass.PERMANENT;
    if (fault) {
      counter("connector.invocation.errors", type, instance, "failure_class", failure.wireName()).increment();
    }
    if (failure == null || fault) {
      slos.record(type, fault, event.durationMs());
    }
  }

  /** Polls (§11) count apart from invocations, so an idle poller does not dilute the invocation SLOs. */
  private void poll(AuditEvent event, String type, String instance) {
    counter("connector.polls", type, instance, "outcome", event.outcome()).increment();
    String delivered = event.details().get("delivered");
    if (delivered != null && !delivered.equals("0")) {
      counter("connector.polled.events", type, instance).increment(Long.parseLong(delivered));
    }
    if (event.failureClass() == FailureClass.QUOTA_EXCEEDED) {
      counter("connector.quota.exceeded", type, instance).increment();
    }
  }

  private Counter counter(String name, String type, String instance) {
    return (Counter) cached.computeIfAbsent(name + "|" + type + "|" + instance,
        k -> Counter.builder(name).tag("type", type).tag("instance", instance).register(registry));
  }

  private Counter counter(String name, String type, String instance, String tag, String value) {
    return (Counter) cached.computeIfAbsent(name + "|" + type + "|" + instance + "|" + value,
        k -> Counter.builder(name).tag("type", type).tag("instance", instance).tag(tag, value).register(registry));
  }

  /** Removes every meter of an uninstalled instance, from the registry and from the map. */
  private void forget(String instance) {
    cached.values().removeIf(m -> instance.equals(m.getId().getTag("instance")));
    for (Meter m : registry.getMeters()) {
      if (instance.equals(m.getId().getTag("instance"))) {
        registry.remove(m);
      }
    }
  }
}
