package io.cynodeai.connector.core.internal.resilience;

import dev.failsafe.CircuitBreaker;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.spi.HealthResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One Failsafe circuit breaker per instance (§5.3). A breaker opens after {@code failureThreshold}
 * consecutive provider faults and moves the instance to {@code degraded}; while open, calls fail fast. It
 * never half-opens on its own: once the cooldown has passed, the next call runs the connector's health
 * check first (one probe at a time), and only a passing check closes the breaker and reactivates the
 * instance; a failing one restarts the cooldown. Thread-safe.
 */
public final class InstanceBreakers {

  /** Told about breaker transitions, to update instance status and audit. */
  public interface Listener {
    void opened(String instanceId);

    void reactivated(ConnectorInstance instance, HealthResult result);

    void probeFailed(ConnectorInstance instance, HealthResult result);
  }

  /** Runs an instance's health check. */
  @FunctionalInterface
  public interface HealthProbe {
    HealthResult probe(ConnectorInstance instance);
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int failureThreshold;
  private final Duration cooldown;
  private final Listener listener;

  public InstanceBreakers(int failureThreshold, Duration cooldown, Listener listener) {
    this.failureThreshold = failureThreshold;
    this.cooldown = cooldown;
    this.listener = listener;
  }

  /** The breaker of an instance, created closed on first use. */
  public CircuitBreaker<Object> breaker(String instanceId) {
    return entry(instanceId).breaker;
  }

  /**
   * Decides whether a call may proceed: null if it may, a transient {@code circuit_open} failure if not.
   * May run the health probe on the calling thread.
   */
  public @Nullable Failed admit(ConnectorInstance instance, HealthProbe probe) {
    Entry entry = entry(instance.id());
    CircuitBreaker<Object> breaker = entry.breaker;
    if (breaker.isClosed()) {
      return null;
    }
    Duration remaining = breaker.getRemainingDelay();
    if (!remaining.isZero() && !remaining.isNegative() && breaker.isOpen()) {
      return open(instance, remaining);
    }
    if (!entry.probing.compareAndSet(false, true)) {
      return open(instance, Duration.ofSeconds(1));
    }
    try {
      HealthResult result = probe.probe(instance);
      if (result instanceof HealthResult.Healthy) {
        breaker.close();
        listener.reactivated(instance, result);
        return null;
      }
      breaker.open();
      listener.probeFailed(instance, result);
      return open(instance, cooldown);
    } finally {
      entry.probing.set(false);
    }
  }

  /** Forgets an instance's breaker (after uninstall or re-enable). */
  public void reset(String instanceId) {
    entries.remove(instanceId);
  }

  private static Failed open(ConnectorInstance instance, Duration retryAfter) {
    return new Failed(FailureClass.TRANSIENT, "circuit_open", "connector instance '" + instance.id()
        + "' is degraded: its circuit breaker is open", true, null, retryAfter, List.of());
  }

  private Entry entry(String instanceId) {
    return entries.computeIfAbsent(instanceId, id -> new Entry(
        CircuitBreaker.builder()
            .withFailureThreshold(failureThreshold)
            .withDelay(cooldown)
            .onOpen(e -> listener.opened(id))
            .build()));
  }

  private static final class Entry {
    final CircuitBreaker<Object> breaker;
    final AtomicBoolean probing = new AtomicBoolean();

    Entry(CircuitBreaker<Object> breaker) {
      this.breaker = breaker;
    }
  }
}
