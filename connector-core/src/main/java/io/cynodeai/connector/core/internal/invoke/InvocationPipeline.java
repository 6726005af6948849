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
import io.cynodeai.connector.core.internal.resilience.ConcurrencyGuard;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.resilience.RetryBudget;
import io.cynodeai.connector.core.internal.run.CallAdmission;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synchronous invocation pipeline: resolve → authorize → catalog → validate → idempotency → rate
 * limit → concurrency → execute → normalize, then record (and the idempotency key stored or released).
 * Assembled once per engine; stateless per call. Thread-safe.
 */
public final class InvocationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationPipeline.class);

  private static final int PRECHECK_STAGES = 4;
  private final List<Stage> stages;
  private final IdempotencyStage idempotency;
  private final RecordStage record;

  public InvocationPipeline(InstanceStore instances, TypeRegistry types,
      ExecutorService handlerThreads, InstanceBreakers breakers, InstanceBreakers.HealthProbe probe,
      RetryBudget budget, Clock clock, Function<ConnectorInstance, NetworkAccess> network,
      Function<ConnectorInstance, CredentialVault.Scope> credentials, AuditEmitter audit,
      TenantBoundary boundary, QuotaGate quota, IdempotencyStore idempotencyStore,
      EngineSettings.Idempotency idempotencySettings, ConcurrencyGuard guard, CallAdmission admission) {
    this.idempotency = new IdempotencyStage(idempotencyStore, idempotencySettings);
    this.stages = List.of(
        new ResolveStage(instances, types, boundary),
        new AuthorizeStage(admission),
        new CatalogStage(admission),
        new ValidateStage(),
        idempotency,
        new RateLimitStage(quota, clock),
        new ConcurrencyStage(guard),
        new ExecuteStage(handlerThreads, breakers, probe, budget, clock, network, credentials, quota),
        new NormalizeStage(clock));
    this.record = new RecordStage(instances, audit, clock);
  }

  public Outcome invoke(InvocationRequest request) {
    Objects.requireNonNull(request, "request");
    Invocation inv = new Invocation(request, System.nanoTime());
    Outcome outcome;
    try {
      outcome = run(inv);
    } catch (RuntimeException e) {
      outcome = engineFailure(request, e);
    } finally {
      if (inv.permit != null) {
        inv.permit.close();
      }
    }
    idempotency.finish(inv, outcome);
    record.record(inv, outcome);
    return outcome;
  }

  /**
   * Runs resolve, authorize, catalog and validate only — what an async submit must pass before a job is
   * stored. A refusal is audited; a pass is not (the job's own events follow).
   */
  public @Nullable Failed precheck(InvocationRequest request) {
    Invocation inv = new Invocation(request, System.nanoTime());
    Failed failed = null;
    try {
      for (int i = 0; i < PRECHECK_STAGES && failed == null; i++) {
        failed = stages.get(i).apply(inv);
      }
    } catch (RuntimeException e) {
      failed = engineFailure(request, e);
    }
    if (failed != null) {
      record.record(inv, failed);
    }
    return failed;
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

  private Outcome run(Invocation inv) {
    for (Stage stage : stages) {
      Failed failed = stage.apply(inv);
      if (failed != null) {
        return failed;
      }
      if (inv.replayed != null) {
        return inv.replayed;
      }
    }
    return new Succeeded(Objects.requireNonNull(inv.response, "response"));
  }
}
