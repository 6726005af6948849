package io.cynodeai.connector.micrometer;

import io.cynodeai.connector.core.extension.EngineExtension;
import io.cynodeai.connector.core.extension.ExtensionContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The engine's §10.2 metrics in a Micrometer registry, derived from its audit events (one source of truth:
 * every invocation, refusal and breaker trip is already an event): {@code
 * ConnectorEngines.builder().extension(MicrometerMetrics.of(registry))}. Each engine built with it records into
 * {@code registry}:
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
 * Calls to an unknown (or unreachable) instance are tagged {@code type=unknown, instance=unknown}, so callers
 * cannot grow the number of series, and an instance's meters are removed from the registry when it is
 * uninstalled. SLO status ({@code ConnectorEngine.serviceLevels()}) needs no registry: the engine tracks it
 * itself. Immutable and thread-safe; to export to several backends, pass a composite registry.
 */
public final class MicrometerMetrics implements EngineExtension {
  private final MeterRegistry registry;

  private MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records the engine's metrics into {@code registry} (the host's, exported as the host configured it). */
  public static MicrometerMetrics of(MeterRegistry registry) {
    return new MicrometerMetrics(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public String name() {
    return "micrometer-metrics";
  }

  /** Taps the engine's audit stream; each engine gets its own meter cache over the shared registry. */
  @Override
  public void extend(ExtensionContext context) {
    context.tapAudit(new InvocationMeters(registry));
  }
}
