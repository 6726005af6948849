package io.cynodeai.connector.core;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.internal.EngineAssembly;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.context.DirectNetworkAccess;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.core.store.InMemorySpecStore;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Configures and builds a {@link ConnectorEngine}. Every setting has an embedded default: in-memory stores,
 * audit as JSON lines through SLF4J, the system clock, and a deny-all policy (configure one with {@link
 * #policy}). Not thread-safe; build once and share the engine.
 */
public final class EngineBuilder {
  private final List<ConnectorType> types = new ArrayList<>();
  private InstanceStore instanceStore = new InMemoryInstanceStore();
  private AuditSink auditSink = new Slf4jJsonAuditSink();
  private PolicyEngine policy = PolicyEngine.denyAll();
  private Clock clock = Clock.systemUTC();
  private Function<ConnectorInstance, NetworkAccess> network = instance -> DirectNetworkAccess.instance();
  private EngineSettings settings = EngineSettings.defaults();
  private SpecStore specStore = new InMemorySpecStore();

  EngineBuilder() {}

  /** Registers every {@link ConnectorProvider} visible to the thread's context class loader. */
  public EngineBuilder discoverConnectors() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class, loader)) {
      register(provider);
    }
    return this;
  }

  /** Registers a connector provider's type. It is validated when the engine is built. */
  public EngineBuilder register(ConnectorProvider provider) {
    Objects.requireNonNull(provider, "provider");
    return register(Objects.requireNonNull(provider.type(), "provider.type()"));
  }

  /** Registers a connector type. It is validated when the engine is built. */
  public EngineBuilder register(ConnectorType type) {
    types.add(Objects.requireNonNull(type, "type"));
    return this;
  }

  public EngineBuilder instanceStore(InstanceStore store) {
    this.instanceStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /** Where applied connector specs are kept; default: in memory. */
  public EngineBuilder specStore(SpecStore store) {
    this.specStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /** Where audit events go; default: JSON lines on the SLF4J logger {@code io.cynodeai.connector.audit}. */
  public EngineBuilder auditSink(AuditSink sink) {
    this.auditSink = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /** The policy engine; default: deny everything. */
  public EngineBuilder policy(PolicyEngine engine) {
    this.policy = Objects.requireNonNull(engine, "policy");
    return this;
  }

  public EngineBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * How connectors reach the network, per instance. The default applies no egress rules (only the JVM's TLS
   * validation); hosts that run untrusted configurations should supply a guarded implementation.
   */
  public EngineBuilder networkAccess(Function<ConnectorInstance, NetworkAccess> perInstance) {
    this.network = Objects.requireNonNull(perInstance, "perInstance");
    return this;
  }

  /** The longest a synchronous call may take (default 30 s); operations declaring more must be async-only. */
  public EngineBuilder syncTimeoutCap(Duration cap) {
    requirePositive(cap, "syncTimeoutCap");
    settings = new EngineSettings(cap, settings.maxResponseBytes(), settings.maxRetriesPerCall(),
        settings.retryBudgetRatio(), settings.minRetriesPerSecond(), settings.breakerFailureThreshold(),
        settings.breakerCooldown(), settings.healthCheckTimeout());
    return this;
  }

  /** The global response size cap in bytes (default 1 MiB); larger responses are truncated. */
  public EngineBuilder maxResponseBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    settings = new EngineSettings(settings.syncTimeoutCap(), bytes, settings.maxRetriesPerCall(),
        settings.retryBudgetRatio(), settings.minRetriesPerSecond(), settings.breakerFailureThreshold(),
        settings.breakerCooldown(), settings.healthCheckTimeout());
    return this;
  }

  /**
   * The global retry cap (§5.2): at most {@code maxPerCall} retries for any call, and engine-wide about
   * {@code ratio} retries per original call plus {@code minPerSecond}. Defaults: 10, 0.2, 10.
   */
  public EngineBuilder retryCap(int maxPerCall, double ratio, int minPerSecond) {
    if (maxPerCall < 0 || ratio < 0 || minPerSecond < 0) {
      throw new IllegalArgumentException("retry cap values must be >= 0");
    }
    settings = new EngineSettings(settings.syncTimeoutCap(), settings.maxResponseBytes(), maxPerCall, ratio,
        minPerSecond, settings.breakerFailureThreshold(), settings.breakerCooldown(), settings.healthCheckTimeout());
    return this;
  }

  /**
   * Per-instance circuit breakers (§5.3): open after {@code failureThreshold} consecutive provider faults, fail
   * fast for {@code cooldown}, then close only after a passing health check. Defaults: 5, 30 s.
   */
  public EngineBuilder circuitBreaker(int failureThreshold, Duration cooldown) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1");
    }
    requirePositive(cooldown, "cooldown");
    settings = new EngineSettings(settings.syncTimeoutCap(), settings.maxResponseBytes(),
        settings.maxRetriesPerCall(), settings.retryBudgetRatio(), settings.minRetriesPerSecond(), failureThreshold,
        cooldown, settings.healthCheckTimeout());
    return this;
  }

  /** How long a health check may run (default 10 s). */
  public EngineBuilder healthCheckTimeout(Duration timeout) {
    requirePositive(timeout, "healthCheckTimeout");
    settings = new EngineSettings(settings.syncTimeoutCap(), settings.maxResponseBytes(),
        settings.maxRetriesPerCall(), settings.retryBudgetRatio(), settings.minRetriesPerSecond(),
        settings.breakerFailureThreshold(), settings.breakerCooldown(), timeout);
    return this;
  }

  /**
   * Validates every registered type and builds the engine.
   *
   * @throws io.cynodeai.connector.api.ConnectorException if a connector type is malformed (the message names
   *     its type, version and every offending field) or registered twice
   */
  public ConnectorEngine build() {
    return EngineAssembly.assemble(List.copyOf(types), instanceStore, auditSink, policy, clock, network, settings,
        specStore);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
