package io.cynodeai.connector.micrometer;

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
 * The audit tap behind {@link MicrometerMetrics}: turns each audit event into the meters listed there. Meters are
 * kept in a map after their first use (no tag lookup per call), and an instance's meters are removed from the
 * registry when it is uninstalled, so nothing of it is retained. Thread-safe.
 */
final class InvocationMeters implements AuditSink {
  private static final String UNKNOWN = "unknown";
  private final MeterRegistry registry;
  private final Map<String, Meter> cached = new ConcurrentHashMap<>();

  InvocationMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void record(AuditEvent event) {
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
