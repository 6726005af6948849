package io.cynodeai.connector.core.internal.lifecycle;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.CredentialService;
import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.credentials.InstanceCredentials;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.spi.HealthResult;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The governed {@link CredentialService}: a caller tells the engine an instance's secrets were rotated or
 * revoked at their source. Only that instance's leases end (a secret shared with other instances is left to
 * the host's own {@code CredentialVault.rotated/revoked}); a rotation re-checks its health, a revocation makes
 * it {@code credential_expired}. Thread-safe.
 */
public final class CredentialCommands implements CredentialService {
  private static final Set<InstanceStatus> ENABLED = EnumSet.of(InstanceStatus.ACTIVE, InstanceStatus.DEGRADED,
      InstanceStatus.ERROR, InstanceStatus.CREDENTIAL_EXPIRED);

  private final InstanceStore store;
  private final PolicyEngine policy;
  private final TenantBoundary boundary;
  private final InstanceCredentials credentials;
  private final HealthChecker health;
  private final AuditEmitter audit;
  private final Clock clock;

  public CredentialCommands(InstanceStore store, PolicyEngine policy, TenantBoundary boundary,
      InstanceCredentials credentials, HealthChecker health, AuditEmitter audit, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.boundary = boundary;
    this.credentials = credentials;
    this.health = health;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public LifecycleOutcome rotated(String instanceId, Caller caller) {
    return run("credential.rotate", instanceId, caller, true);
  }

  @Override
  public LifecycleOutcome revoked(String instanceId, Caller caller) {
    return run("credential.revoke", instanceId, caller, false);
  }

  private LifecycleOutcome run(String action, String instanceId, Caller caller, boolean rotate) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(caller, "caller");
    ConnectorInstance instance = store.find(instanceId).filter(i -> !i.deleted())
        .filter(i -> boundary.reachable(i, caller, Action.CREDENTIAL_MANAGE)).orElse(null);
    PolicyGate.Verdict verdict = PolicyGate.authorize(policy, new PolicyContext(Action.CREDENTIAL_MANAGE,
        caller.userId(), caller.groupIds(), caller.projectId(), instanceId,
        instance == null ? null : instance.connectorType(), null, null));
    String decided = verdict.decision();
    Failed denied = verdict.refusal();
    if (denied != null) {
      return refused(action, instanceId, instance, caller, decided, denied);
    }
    if (instance == null) {
      return refused(action, instanceId, null, caller, decided, Failed.of(FailureClass.VALIDATION_ERROR,
          "unknown_instance", TenantBoundary.unknownInstance(instanceId)));
    }
    String notOwner = boundary.cannotManage(instance, caller);
    if (notOwner != null) {
      return refused(action, instanceId, instance, caller, decided, Failed.of(FailureClass.POLICY_DENIED,
          "not_owner", notOwner));
    }
    CredentialVault vault = credentials.vault();
    if (vault == null || credentials.addresses(instance).isEmpty()) {
      return refused(action, instanceId, instance, caller, decided, Failed.of(FailureClass.VALIDATION_ERROR,
          "no_credentials", "connector instance '" + instanceId + "' leases no credentials from the engine's "
              + "vault"));
    }
    int ended = vault.endLeases(instance.id());
    StatusUpdate update = null;
    if (!rotate) {
      update = StatusUpdate.status(InstanceStatus.CREDENTIAL_EXPIRED).withLastError(new InstanceError(
          "credentials_revoked", "the instance's credentials were revoked by " + caller.userId(), clock.instant()));
    } else if (ENABLED.contains(instance.status())) {
      HealthChecker.Probe probe = health.probe(instance, caller.userId());
      HealthResult result = probe.result();
      InstanceStatus status = result instanceof HealthResult.Healthy ? InstanceStatus.ACTIVE
          : result instanceof HealthResult.CredentialsRejected ? InstanceStatus.CREDENTIAL_EXPIRED
          : InstanceStatus.ERROR;
      update = probe.update().withStatus(status);
    }
    if (update != null) {
      store.updateStatus(instance.id(), update);
    }
    ConnectorInstance now = store.find(instance.id()).orElse(instance);
    audit.emit(event(action, instanceId, instance, caller, decided).succeeded()
        .detail("leases_ended", Integer.toString(ended)).detail("status", now.status().wireName()).build());
    return new LifecycleOutcome.Applied(now);
  }

  private LifecycleOutcome refused(String action, String instanceId, @Nullable ConnectorInstance instance,
      Caller caller, String decided, Failed failure) {
    audit.emit(event(action, instanceId, instance, caller, decided).failed(failure.failureClass(), failure.code())
        .build());
    return new LifecycleOutcome.Refused(failure);
  }

  private AuditEvent.Builder event(String action, String instanceId, @Nullable ConnectorInstance instance,
      Caller caller, String decided) {
    return AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant()).action(action)
        .caller(caller.userId(), caller.projectId())
        .instance(instanceId, instance == null ? null : instance.connectorType()).policyDecision(decided);
  }
}
