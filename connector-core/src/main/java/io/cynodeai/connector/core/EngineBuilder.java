package io.cynodeai.connector.core;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.core.internal.EngineAssembly;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.Governance;
import io.cynodeai.connector.core.internal.context.DirectNetworkAccess;
import io.cynodeai.connector.core.internal.credentials.InstanceCredentials;
import io.cynodeai.connector.core.internal.egress.EgressGuards;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
  private @Nullable Function<ConnectorInstance, EgressPolicy> egress;
  private HostResolver hostResolver = HostResolver.system();
  private InstanceCredentials credentials = InstanceCredentials.none();
  private Governance governance = Governance.defaults();

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

  /**
   * Guards every instance's network access with the egress policy this function returns for it (§7), and
   * audits every refused connection. Replaces {@link #networkAccess}. The function is called for each
   * invocation and health check; return an equal policy to keep reusing the instance's transports, and
   * {@link EgressPolicy#denyAll()} for an instance that must not reach the network.
   */
  public EngineBuilder egress(Function<ConnectorInstance, EgressPolicy> perInstance) {
    this.egress = Objects.requireNonNull(perInstance, "perInstance");
    return this;
  }

  /** How the egress guard resolves host names; default: the JVM's resolver. */
  public EngineBuilder hostResolver(HostResolver resolver) {
    this.hostResolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /**
   * Where instances' credentials come from (§8): {@code refs} names, for each instance, the secrets its
   * handlers may lease (key name to {@link SecretRef}, references only); {@code vault} resolves them. Leases
   * are decrypted inside the execution stage and wiped when the operation ends. Rotating or revoking a secret
   * through the vault ends open leases, re-checks the health of affected instances and is audited.
   */
  public EngineBuilder credentials(CredentialVault vault, Function<ConnectorInstance, Map<String, SecretRef>> refs) {
    this.credentials = new InstanceCredentials(Objects.requireNonNull(vault, "vault"),
        Objects.requireNonNull(refs, "refs"));
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
   * The tenancy rules (§12, {@code docs/tenancy.md}) enforced on every API before and independently of the
   * policy; default {@link TenancyRules#strict()}.
   */
  public EngineBuilder tenancy(TenancyRules rules) {
    governance = governance.withTenancy(Objects.requireNonNull(rules, "rules"));
    return this;
  }

  /**
   * Runs the retention task ({@link io.cynodeai.connector.core.tenancy.RetentionPurger}) every {@code every}
   * while the engine is open: soft-deleted instances older than the policy are purged (after a verified
   * credential wipe), and audit events older than it are deleted when the audit sink keeps events (implements
   * {@link io.cynodeai.connector.api.audit.AuditRetention}). Default: no retention task.
   */
  public EngineBuilder retention(io.cynodeai.connector.core.tenancy.RetentionPolicy policy, Duration every) {
    Objects.requireNonNull(policy, "policy");
    requirePositive(every, "every");
    governance = governance.withRetention(policy, every);
    return this;
  }

  /**
   * Engine-wide invocation limits per user and per project (§6), applied with each instance's own {@code
   * rate_limit_policy}; default {@link io.cynodeai.connector.core.ratelimit.RateLimits#none()}.
   */
  public EngineBuilder rateLimits(io.cynodeai.connector.core.ratelimit.RateLimits limits) {
    governance = governance.withRateLimits(Objects.requireNonNull(limits, "limits"));
    return this;
  }

  /**
   * Where token buckets and provider quota state live; default in memory (per engine node). A backend on a
   * shared database makes the limits cluster-wide.
   */
  public EngineBuilder rateLimitBackend(io.cynodeai.connector.core.ratelimit.RateLimiter limiter,
      io.cynodeai.connector.core.ratelimit.ProviderQuota quota) {
    governance = governance.withRateLimitBackend(Objects.requireNonNull(limiter, "limiter"),
        Objects.requireNonNull(quota, "quota"));
    return this;
  }

  /**
   * Where the engine's metrics go (§10.2: invocation count, errors, latency percentiles, retries, quota
   * refusals, breaker trips per type and instance); default: a private {@code SimpleMeterRegistry}. Pass the
   * host's registry to export them to Prometheus, OpenTelemetry or any Micrometer backend.
   */
  public EngineBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
    governance = governance.withMeters(Objects.requireNonNull(registry, "registry"));
    return this;
  }

  /** Erases a deleted instance's credentials (the credential store's hook); default: nothing to erase. */
  public EngineBuilder credentialWiper(CredentialWiper wiper) {
    governance = governance.withCredentials(Objects.requireNonNull(wiper, "wiper"));
    return this;
  }

  /**
   * Validates every registered type and builds the engine.
   *
   * @throws io.cynodeai.connector.api.ConnectorException if a connector type is malformed (the message names
   *     its type, version and every offending field) or registered twice
   */
  public ConnectorEngine build() {
    Function<ConnectorInstance, NetworkAccess> transports = egress == null ? network
        : new EgressGuards(egress, hostResolver, auditSink, clock);
    return EngineAssembly.assemble(List.copyOf(types), instanceStore, auditSink, policy, clock, transports,
        credentials, settings, governance);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
