package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.ratelimit.QuotaGate;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.StoreTimeout;
import io.cynodeai.connector.core.internal.resilience.ConcurrencyGuard;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.resilience.RetryBudget;
import io.cynodeai.connector.core.internal.run.CallAdmission;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invocation chain: resolve → authorize → catalog → validate → idempotency → rate limit → concurrency →
 * execute → normalize, each an {@link Interceptor}; the idempotency and concurrency links hold what they take
 * (a key claim, a permit) around the rest of the chain and give it back in their own {@code finally}. Every
 * call ends recorded (health fields and one audit event). An async submit runs only the admission links
 * (resolve to validate) before its job is stored. Assembled once per engine; stateless per call. Thread-safe.
 */
public final class InvocationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationPipeline.class);
  /** The last link of a precheck: everything before it let the call through. Compared by identity. */
  private static final Failed ADMITTED = Failed.of(FailureClass.PERMANENT, "admitted", "admitted");

  private final List<Interceptor> invoke;
  private final List<Interceptor> precheck;
  private final RecordStage record;
  private final EngineObserver observer;
  private final TypeRegistry types;
  private final ConcurrencyGuard guard;

  public InvocationPipeline(InstanceStore instances, TypeRegistry types,
      ExecutorService handlerThreads, InstanceBreakers breakers, InstanceBreakers.HealthProbe probe,
      RetryBudget budget, Clock clock, Function<ConnectorInstance, NetworkAccess> network,
      Function<ConnectorInstance, CredentialVault.Scope> credentials, AuditEmitter audit,
      TenantBoundary boundary, QuotaGate quota, IdempotencyStore idempotencyStore,
      EngineSettings.Idempotency idempotencySettings, ConcurrencyGuard guard, CallAdmission admission,
      EngineObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.types = types;
    this.guard = guard;
    List<Interceptor> admitting = List.of(
        Interceptor.check(new ResolveStage(instances, types, boundary)),
        Interceptor.check(new AuthorizeStage(admission)),
        Interceptor.check(new CatalogStage(admission)),
        Interceptor.check(new ValidateStage()));
    List<Interceptor> running = List.of(
        new IdempotencyStage(idempotencyStore, idempotencySettings),
        Interceptor.check(new RateLimitStage(quota, clock)),
        new ConcurrencyStage(guard),
        Interceptor.check(new ExecuteStage(handlerThreads, breakers, probe, budget, clock, network, credentials,
            quota)),
        Interceptor.check(new NormalizeStage(clock)),
        chain -> new Succeeded(Objects.requireNonNull(chain.invocation().response, "response")));
    this.invoke = concat(admitting, running);
    this.precheck = concat(admitting, List.of(chain -> ADMITTED));
    this.record = new RecordStage(instances, audit, clock);
  }

  private static List<Interceptor> concat(List<Interceptor> first, List<Interceptor> then) {
    List<Interceptor> all = new ArrayList<>(first);
    all.addAll(then);
    return List.copyOf(all);
  }

  /**
   * Drops the per-instance state the chain keeps on this node (concurrency gate, coalesced health writes) once
   * an instance is uninstalled, so nothing of it is retained.
   */
  public void forget(String instanceId) {
    guard.forget(instanceId);
    record.forget(instanceId);
  }

  public Outcome invoke(InvocationRequest request) {
    return invoke(request, null);
  }

  /** Runs the call; {@code parent} is the observed job run it is part of, if any. */
  public Outcome invoke(InvocationRequest request, @Nullable ObservedScope parent) {
    Objects.requireNonNull(request, "request");
    Invocation inv = new Invocation(request, System.nanoTime());
    ObservedScope scope = observer.invocation(request, parent);
    inv.scope = scope;
    Outcome outcome;
    try (StoreTimeout.Scope bound = StoreTimeout.bind(storeBound(request))) {
      outcome = run(invoke, inv);
      record.record(inv, outcome);
    }
    if (scope != ObservedScope.NONE) {
      scope.end(outcome instanceof Failed f ? f : null, inv.providerStatus, inv.retryCount());
    }
    return outcome;
  }

  /**
   * Runs the admission links only (resolve, authorize, catalog, validate) — what an async submit must pass
   * before a job is stored. A refusal is audited; a pass is not (the job's own events follow).
   */
  public @Nullable Failed precheck(InvocationRequest request) {
    Invocation inv = new Invocation(request, System.nanoTime());
    try (StoreTimeout.Scope bound = StoreTimeout.bind(storeBound(request))) {
      Outcome outcome = run(precheck, inv);
      if (outcome == ADMITTED) {
        return null;
      }
      record.record(inv, outcome);
      return (Failed) outcome;
    }
  }

  /**
   * The bound of each store call the request makes: its operation's timeout (the longest of that name until
   * the instance is resolved, then its own: {@link ResolveStage}), at most {@link StoreTimeout#CAP}.
   */
  public Duration storeBound(InvocationRequest request) {
    Duration timeout = types.longestTimeout(request.operation(), StoreTimeout.DEFAULT);
    return timeout.compareTo(StoreTimeout.CAP) > 0 ? StoreTimeout.CAP : timeout;
  }

  private static Outcome run(List<Interceptor> links, Invocation inv) {
    try {
      return new Chain(links, inv).proceed();
    } catch (RuntimeException e) {
      return engineFailure(inv.request, e);
    }
  }

  private static Failed engineFailure(InvocationRequest request, RuntimeException e) {
    if (e instanceof StoreException) {
      LOG.warn("store failure for request {}: {}", request.requestId(), e.getMessage());
      return Failed.of(FailureClass.TRANSIENT, "store_unavailable",
          "the engine's store is unavailable; the call did not run");
    }
    LOG.error("engine failure for request {}", request.requestId(), e);
    return Failed.of(FailureClass.PERMANENT, "engine_error",
        "the engine failed to process the request (" + e.getClass().getSimpleName() + ")");
  }
}
