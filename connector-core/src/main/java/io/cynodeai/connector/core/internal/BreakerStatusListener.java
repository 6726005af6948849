package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.spi.HealthResult;
import java.time.Clock;

/** Moves instances to degraded when their breaker opens and back to active after a passing health check. */
final class BreakerStatusListener implements InstanceBreakers.Listener {
  private final InstanceStore store;
  private final AuditEmitter audit;
  private final Clock clock;

  BreakerStatusListener(InstanceStore store, AuditEmitter audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void opened(String instanceId) {
    transition(instanceId, InstanceStatus.DEGRADED, "circuit_opened", null);
  }

  @Override
  public void reactivated(ConnectorInstance instance, HealthResult result) {
    transition(instance.id(), InstanceStatus.ACTIVE, "circuit_closed", null);
  }

  @Override
  public void probeFailed(ConnectorInstance instance, HealthResult result) {
    InstanceStatus status = result instanceof HealthResult.CredentialsRejected
        ? InstanceStatus.CREDENTIAL_EXPIRED : InstanceStatus.DEGRADED;
    transition(instance.id(), status, "circuit_probe_failed", FailureClass.TRANSIENT);
  }

  private void transition(String instanceId, InstanceStatus status, String action, @org.jspecify.annotations.Nullable FailureClass failure) {
    ConnectorInstance before = store.find(instanceId).orElse(null);
    String from = before == null ? "unknown" : before.status().wireName();
    store.updateStatus(instanceId, StatusUpdate.status(status));
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant())
        .action(action)
        .caller(ActingUser.SYSTEM, before == null ? null : before.projectId())
        .instance(instanceId, before == null ? null : before.connectorType())
        .detail("status_from", from)
        .detail("status", status.wireName());
    if (failure != null) {
      event.failed(failure, action);
    }
    audit.emit(event.build());
  }
}
