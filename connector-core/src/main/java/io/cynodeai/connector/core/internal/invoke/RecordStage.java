package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.internal.AuditEmitter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Records what an invocation came to: the instance's health fields (§4) when the provider was reached, and
 * one audit event with the §10.1 fields whatever the outcome.
 */
final class RecordStage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordStage.class);
  /**
   * How stale an instance's {@code last_success_at} may be: a node writes it at most once per this interval
   * per instance, so busy instances do not make every call a write to (and a lock of) the instance's row. A
   * failure is always written, and makes the next success written too.
   */
  static final Duration SUCCESS_GRANULARITY = Duration.ofSeconds(1);
  private final Cache<String, Instant> successWritten = Caffeine.newBuilder().maximumSize(100_000).build();

  /** Drops what this stage remembers of an uninstalled instance. */
  void forget(String instanceId) {
    successWritten.invalidate(instanceId);
  }
  private final InstanceStore instances;
  private final AuditEmitter audit;
  private final Clock clock;

  RecordStage(InstanceStore instances, AuditEmitter audit, Clock clock) {
    this.instances = instances;
    this.audit = audit;
    this.clock = clock;
  }

  void record(Invocation inv, Outcome outcome) {
    Instant now = clock.instant();
    boolean healthRecorded = updateHealthQuietly(inv, outcome, now);
    InvocationRequest request = inv.request;
    ConnectorInstance instance = inv.instance;
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.INVOCATION, now)
        .action(Action.OPERATION_INVOKE.wireName())
        .request(request.requestId(), request.correlationId())
        .caller(request.caller().userId(), request.caller().projectId())
        .instance(request.instanceId(), instance == null ? null : instance.connectorType())
        .operation(request.operation(), request.mode())
        .durationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inv.startNanos))
        .providerStatusCode(inv.providerStatus)
        .retryCount(inv.retryCount())
        .policyDecision(inv.policyDecision)
        .replay(inv.replayed != null);
    if (outcome instanceof Failed f) {
      event.failed(f.failureClass(), f.code());
    } else {
      event.succeeded();
    }
    if (inv.type != null) {
      // what the type's host-side wrapper says of how it runs (a sandbox's weaker isolation), on every outcome
      inv.type.type().auditDetails().forEach(event::detail);
    }
    if (instance != null) {
      event.detail("connector_type_version", instance.connectorTypeVersion());
    }
    if (!healthRecorded) {
      event.detail("instance_status", "not_recorded");
    }
    if (inv.watchdog != null) {
      event.detail("watchdog", inv.watchdog);
    }
    if (inv.boundaryRefused) {
      event.detail("tenant_boundary", "refused");
    }
    if (outcome instanceof Succeeded ok && !ok.response().warnings().isEmpty()) {
      // what the caller was warned of (a deprecated type, truncated data, a weaker sandbox), scrubbed before
      event.detail("warnings", String.join("; ", ok.response().warnings()));
    }
    if (request.idempotencyKey() != null) {
      event.detail("idempotency", inv.replayed != null ? "replayed" : inv.idempotencyToken != null ? "claimed"
          : "refused");
    }
    audit.emit(event.build());
  }

  /**
   * The outcome is decided and must reach the caller: a store that fails now (the database went away during
   * the call) costs only the instance's health fields, which the next call writes again.
   */
  private boolean updateHealthQuietly(Invocation inv, Outcome outcome, Instant now) {
    try {
      updateHealth(inv, outcome, now);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("recording the health of instance {} after request {} failed: {}", inv.request.instanceId(),
          inv.request.requestId(), e.getMessage());
      return false;
    }
  }

  private void updateHealth(Invocation inv, Outcome outcome, Instant now) {
    ConnectorInstance instance = inv.instance;
    if (instance == null || inv.attempts == 0) {
      return;
    }
    if (outcome instanceof Succeeded) {
      Instant written = successWritten.getIfPresent(instance.id());
      if (written != null && !now.isBefore(written) && now.isBefore(written.plus(SUCCESS_GRANULARITY))) {
        return; // written less than SUCCESS_GRANULARITY ago
      }
      successWritten.put(instance.id(), now);
      try {
        instances.updateStatus(instance.id(), StatusUpdate.succeededAt(now));
      } catch (RuntimeException e) {
        successWritten.invalidate(instance.id());
        throw e;
      }
    } else if (outcome instanceof Failed f && f.failureClass() != FailureClass.VALIDATION_ERROR
        && f.failureClass() != FailureClass.POLICY_DENIED) {
      successWritten.invalidate(instance.id());
      StatusUpdate update = StatusUpdate.failed(new InstanceError(f.code(), f.message(), now));
      if (inv.credentialsRejected) {
        update = update.withStatus(InstanceStatus.CREDENTIAL_EXPIRED);
      }
      instances.updateStatus(instance.id(), update);
    }
  }
}
