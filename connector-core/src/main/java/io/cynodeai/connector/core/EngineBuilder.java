package io.cynodeai.connector.core;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.catalog.Certification;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.core.extension.EngineExtension;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.internal.EngineAssembly;
import io.cynodeai.connector.core.internal.EngineParts;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.Extensions;
import io.cynodeai.connector.core.internal.Governance;
import io.cynodeai.connector.core.internal.StoreSelection;
import io.cynodeai.connector.core.internal.catalog.CertificationGate;
import io.cynodeai.connector.core.internal.catalog.MinorVersionRule;
import io.cynodeai.connector.core.internal.credentials.InstanceCredentials;
import io.cynodeai.connector.core.internal.egress.EgressChoice;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import io.cynodeai.connector.core.ratelimit.ProviderQuota;
import io.cynodeai.connector.core.ratelimit.RateLimiter;
import io.cynodeai.connector.core.ratelimit.RateLimits;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.tenancy.RetentionPolicy;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Configures and builds a {@link ConnectorEngine}. Every setting has an embedded default: in-memory stores,
 * audit as JSON lines through SLF4J, the system clock, a deny-all policy (configure one with {@link #policy}),
 * and guarded egress to public addresses only ({@link EgressPolicy#publicOnly()}; open it with {@link
 * #egress}). Not thread-safe; build once and share the engine.
 */
public final class EngineBuilder {
  private final List<ConnectorType> types = new ArrayList<>();
  private @Nullable AuditSink auditSink; // the default is chosen at build, so a host's own sink prints nothing
  private boolean rateLimitBackendSet;
  private PolicyEngine policy = PolicyEngine.denyAll();
  private Clock clock = Clock.systemUTC();
  private final EgressChoice route = new EgressChoice();
  private InstanceCredentials credentials = InstanceCredentials.none();
  private Governance governance = Governance.defaults();
  private JobSettings jobs = JobSettings.defaults();
  private EngineLimits limits = EngineLimits.defaults();
  private IdempotencySettings idempotency = IdempotencySettings.defaults();
  private final StoreSelection selected = new StoreSelection();
  private @Nullable Consumer<PolledEvents> pollSubscriber;
  private @Nullable WebhookConfig webhooks;
  private EngineObserver observer = EngineObserver.none();
  private final List<EngineExtension> extensions = new ArrayList<>();
  private boolean minorVersionsAdditive = true;

  EngineBuilder() {}

  /** Registers every {@link ConnectorProvider} visible to the thread's context class loader. */
  public EngineBuilder discoverConnectors() {
    ServiceLoader.load(ConnectorProvider.class, Thread.currentThread().getContextClassLoader())
        .forEach(this::register);
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

  /** Where connector instances are kept (default: in memory, for this engine only). */
  public EngineBuilder instanceStore(InstanceStore store) {
    selected.instances = Objects.requireNonNull(store, "store");
    return this;
  }

  /** Where applied connector specs are kept; default: in memory. */
  public EngineBuilder specStore(SpecStore store) {
    selected.specs = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Where audit events go; default: JSON lines on the SLF4J logger {@code io.cynodeai.connector.audit}, or on standard
   * error when no SLF4J provider is on the class path ({@link Slf4jJsonAuditSink#orStandardError()}).
   */
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
   * Replaces the egress guard with the host's own network access, per instance: the engine then applies no
   * allowlist, no address checks and no DNS pinning of its own, so this opens egress as far as {@code
   * perInstance} does, and {@link #build()} logs a warning saying so. Ignored when {@link #egress} is set.
   */
  public EngineBuilder networkAccess(Function<ConnectorInstance, NetworkAccess> perInstance) {
    route.network = Objects.requireNonNull(perInstance, "perInstance");
    return this;
  }

  /**
   * Guards every instance's network access with the egress policy this function returns for it (§7), and
   * audits every refused connection. Default: {@link EgressPolicy#publicOnly()} for every instance (public
   * addresses only; loopback, private networks and other special-purpose addresses refused). Replaces {@link
   * #networkAccess}. The function is called for each invocation and health check; return an equal policy to
   * keep reusing the instance's transports, and {@link EgressPolicy#denyAll()} for an instance that must not
   * reach the network. The first time a returned policy opens special-purpose addresses (for example {@link
   * EgressPolicy#unrestricted()}, or {@code allowAddressRange}), the engine logs a warning naming them.
   */
  public EngineBuilder egress(Function<ConnectorInstance, EgressPolicy> perInstance) {
    route.egress = Objects.requireNonNull(perInstance, "perInstance");
    route.fixedEgress = null;
    return this;
  }

  /**
   * The same egress policy for every instance, as {@link #egress(Function)}; {@link #build()} logs a warning
   * if it opens special-purpose addresses, as {@link EgressPolicy#unrestricted()} and {@link
   * EgressPolicy#loopbackOnly()} do.
   */
  public EngineBuilder egress(EgressPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    route.egress = instance -> policy;
    route.fixedEgress = policy;
    return this;
  }

  /** How the egress guard resolves host names; default: the JVM's resolver. */
  public EngineBuilder hostResolver(HostResolver resolver) {
    route.resolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /**
   * Where credentials come from (§8): {@code vault}'s providers resolve each spec's {@code secretRef} (key {@code
   * k: e} of {@code provider:name} is {@code provider:name/e}), leased in the execution stage when a handler asks
   * and wiped when the operation ends. Rotating or revoking a secret through the vault ends open leases,
   * re-checks affected instances' health and is audited.
   */
  public EngineBuilder credentials(CredentialVault vault) {
    return credentials(vault, instance -> Map.of());
  }

  /**
   * As {@link #credentials(CredentialVault)}, and {@code refs} names further secrets per instance (key name to
   * {@link SecretRef}, references only): where both name a key, the host's reference wins.
   */
  public EngineBuilder credentials(CredentialVault vault, Function<ConnectorInstance, Map<String, SecretRef>> refs) {
    this.credentials = new InstanceCredentials(Objects.requireNonNull(vault, "vault"),
        Objects.requireNonNull(refs, "refs"));
    return this;
  }

  /**
   * Changes the engine-wide limits ({@link EngineLimits}: sync timeout cap, response size cap, retry cap, circuit
   * breakers, health check timeout, global concurrency), e.g. {@code .limits(l -> l.withMaxResponseBytes(4096))}.
   * Calls compose, as {@link #jobs}' do.
   */
  public EngineBuilder limits(UnaryOperator<EngineLimits> change) {
    limits = Objects.requireNonNull(change.apply(limits), "limits");
    return this;
  }

  /**
   * Keeps all of the engine's state in {@code stores} (instances, idempotency records, jobs, specs, webhooks,
   * cursors, and for JDBC stores the rate limits and provider quota state, shared by every node on the
   * database unless {@link #rateLimitBackend} names another): {@link Stores#inMemory()}, {@link Stores#h2} or
   * {@link Stores#postgres}. The host closes the stores after the engine. The stores' audit store ({@link
   * Stores#audit()}) is covered by the retention task; events reach it when the host includes it in the {@link
   * #auditSink}. With database stores, {@link #build()} refuses a {@link #catalog} kept in memory (create it on
   * {@link Stores#catalog()}).
   */
  public EngineBuilder stores(Stores stores) {
    selected.use(Objects.requireNonNull(stores, "stores"));
    return this;
  }

  /**
   * How long a call may act on an instance as this engine last read it from a database instance store (default
   * one second; {@link Duration#ZERO}: every call reads the store). A change made through this engine (disable,
   * uninstall, a new config) reaches its calls at once whatever the setting; one made through another engine
   * sharing the database reaches this engine's calls within the bound. The same bound applies to the shared
   * provider-quota state ({@link #rateLimitBackend}) every call reads. An in-memory instance store or quota is
   * always read directly.
   *
   * @throws IllegalArgumentException if {@code staleness} is negative or longer than a minute
   */
  public EngineBuilder instanceCache(Duration staleness) {
    Objects.requireNonNull(staleness, "staleness");
    if (staleness.isNegative() || staleness.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("instance cache staleness must be between zero and one minute");
    }
    selected.instanceStaleness = staleness;
    return this;
  }

  /** Where polling instances' cursors are kept (default: in memory; {@link #stores} sets the durable one). */
  public EngineBuilder cursorStore(CursorStore store) {
    selected.cursors = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Turns polling on (§11): one poller thread polls each active instance whose type declares polling, at its
   * interval (capped backoff after failures), and hands events to {@code subscriber}; a cursor is stored only
   * after the subscriber returned (at least once). Scheduled polls are audited as {@code engine:poller};
   * {@link ConnectorEngine#poll} polls one now for a caller. Default: none (see docs/ARCHITECTURE.md).
   */
  public EngineBuilder polling(Consumer<PolledEvents> subscriber) {
    this.pollSubscriber = Objects.requireNonNull(subscriber, "subscriber");
    return this;
  }

  /** Turns the webhook gateway on ({@link ConnectorEngine#webhooks()}, §11); see its {@code WebhookConfig}. */
  public EngineBuilder webhooks(WebhookConfig config) {
    this.webhooks = Objects.requireNonNull(config, "config");
    return this;
  }

  /** Enforces {@code catalog}'s approvals, feature flags and lifecycle (§13, docs/catalog.md); default: none. */
  public EngineBuilder catalog(ConnectorCatalog catalog) {
    governance = governance.withCatalog(catalog);
    return this;
  }

  /** Where async jobs and dead letters are kept (default: in memory, for this engine only). */
  public EngineBuilder jobStore(JobStore store) {
    selected.jobs = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Changes how this node runs async jobs (§2.2; workers, lease, claim interval, retries, result size: {@link
   * JobSettings}), e.g. {@code .jobs(j -> j.withWorkers("node-a", 2, Duration.ofSeconds(5)))}. Calls compose:
   * each changes the settings left by the ones before.
   */
  public EngineBuilder jobs(UnaryOperator<JobSettings> change) {
    jobs = Objects.requireNonNull(change.apply(jobs), "jobs");
    return this;
  }

  /** Where idempotency records are kept (default: in memory, for this engine only). */
  public EngineBuilder idempotencyStore(IdempotencyStore store) {
    selected.idempotency = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Changes how keyed calls are deduplicated (§2.3; record lifetime, in-flight duplicates, lock slack, purge
   * interval: {@link IdempotencySettings}), e.g. {@code .idempotency(i -> i.withTtl(Duration.ofHours(1)))}.
   * Calls compose, as {@link #jobs}' do.
   */
  public EngineBuilder idempotency(UnaryOperator<IdempotencySettings> change) {
    idempotency = Objects.requireNonNull(change.apply(idempotency), "idempotency");
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
   * {@link AuditRetention}). Default: no retention task.
   */
  public EngineBuilder retention(RetentionPolicy policy, Duration every) {
    Objects.requireNonNull(policy, "policy");
    EngineSettings.requirePositive(every, "every");
    governance = governance.withRetention(policy, every);
    return this;
  }

  /**
   * Engine-wide invocation limits per user and per project (§6), applied with each instance's own {@code
   * rate_limit_policy}; default {@link RateLimits#none()}.
   */
  public EngineBuilder rateLimits(RateLimits limits) {
    governance = governance.withRateLimits(Objects.requireNonNull(limits, "limits"));
    return this;
  }

  /**
   * Where token buckets and provider quota state live; default: the JDBC stores' database when {@link #stores}
   * names JDBC stores (cluster-wide), else in memory (per engine node). Wins over {@link #stores} in either order.
   */
  public EngineBuilder rateLimitBackend(RateLimiter limiter, ProviderQuota quota) {
    rateLimitBackendSet = true;
    governance = governance.withRateLimitBackend(Objects.requireNonNull(limiter, "limiter"),
        Objects.requireNonNull(quota, "quota"));
    return this;
  }

  /**
   * Who watches the engine's work for tracing: a scope per invocation, attempt, job run, poll and webhook
   * delivery, and headers (a W3C {@code traceparent}) on the guarded HTTP client's requests during an attempt.
   * Default: {@link EngineObserver#none()}. The OpenTelemetry observer is in {@code connector-opentelemetry}.
   */
  public EngineBuilder observer(EngineObserver engineObserver) {
    this.observer = Objects.requireNonNull(engineObserver, "engineObserver");
    return this;
  }

  /**
   * Adds an optional module ({@link EngineExtension}), such as {@code MicrometerMetrics.of(registry)} from {@code
   * connector-micrometer}; {@link #build()} runs the extensions in the order added, and fails naming the
   * extension if one throws.
   *
   * @throws IllegalArgumentException if this extension, or another of the same name, was added already
   */
  public EngineBuilder extension(EngineExtension extension) {
    Extensions.add(extensions, extension);
    return this;
  }

  /**
   * Erases a deleted instance's credentials in the host's own credential store; default: nothing to erase. The
   * vault given to {@link #credentials} needs no wiper: deleting an instance ends its leases and erases its
   * {@code store:} secrets that no other live instance references, before this wiper runs.
   */
  public EngineBuilder credentialWiper(CredentialWiper wiper) {
    governance = governance.withCredentials(Objects.requireNonNull(wiper, "wiper"));
    return this;
  }

  /**
   * Requires certification before general availability (§15): enabling an instance needs a passing record among
   * {@code records} for the exact descriptor this engine runs (else {@code not_certified}). Default: not required.
   */
  public EngineBuilder requireCertification(Collection<Certification> records) {
    governance = governance.withCertification(CertificationGate.requiring(records));
    return this;
  }

  /**
   * Lets the engine register two versions of a type with the same major version where the newer breaks the
   * older (§3.1 forbids it, and {@link #build()} refuses it by default). Meant for tests that register such a
   * pair on purpose; a host that must run one should publish the newer as a new major version instead.
   */
  public EngineBuilder allowIncompatibleMinorVersions() {
    minorVersionsAdditive = false;
    return this;
  }

  /**
   * Validates every registered type and builds the engine.
   *
   * @throws io.cynodeai.connector.api.ConnectorException if a connector type is malformed (the message names
   *     its type, version and every offending field) or registered twice, or if a minor or patch version
   *     breaks the version before it in its major version (§3.1; the message holds the compatibility checker's
   *     report of every breaking change) unless {@link #allowIncompatibleMinorVersions()} was called, or if
   *     an {@link #extension} throws (the message names the extension)
   * @throws IllegalStateException if a {@link #catalog} kept in memory would sit beside database {@link #stores}
   */
  public ConnectorEngine build() {
    if (minorVersionsAdditive) {
      MinorVersionRule.requireAdditive(types);
    }
    selected.requireSharedCatalog(governance.catalog());
    JdbcRateLimiter shared = rateLimitBackendSet ? null : selected.limits;
    Governance chosen = shared == null ? governance : governance.withRateLimitBackend(shared, shared);
    AuditSink sink = auditSink != null ? auditSink : Slf4jJsonAuditSink.orStandardError();
    return EngineAssembly.assemble(new EngineParts(types, selected, sink, policy, clock, route, credentials,
        EngineSettings.defaults().with(limits).with(jobs).with(idempotency), chosen, pollSubscriber, webhooks,
        observer, extensions));
  }
}
