package io.cynodeai.connector.core.internal.credentials;

import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretAddress;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.lifecycle.HealthChecker;
import io.cynodeai.connector.spi.HealthResult;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reacts to a rotated or revoked secret (§8): for every instance that uses it (a reference it holds from its
 * host or its spec, or a key of an entry that changed as a whole, see {@link SecretAddress#covers}), records an
 * audit event and, after a rotation of an enabled instance's secret, runs the health check against the new
 * value (a rejection makes the instance {@code credential_expired}, a pass makes it {@code active} again).
 * Thread-safe.
 */
public final class CredentialRotations {
  private static final Set<InstanceStatus> ENABLED = EnumSet.of(InstanceStatus.ACTIVE, InstanceStatus.DEGRADED,
      InstanceStatus.ERROR, InstanceStatus.CREDENTIAL_EXPIRED);

  private final InstanceCredentials credentials;
  private final InstanceStore store;
  private final HealthChecker health;
  private final AuditEmitter audit;
  private final Clock clock;

  private CredentialRotations(InstanceCredentials credentials, InstanceStore store, HealthChecker health,
      AuditEmitter audit, Clock clock) {
    this.credentials = credentials;
    this.store = store;
    this.health = health;
    this.audit = audit;
    this.clock = clock;
  }

  public static void attach(InstanceCredentials credentials, InstanceStore store, HealthChecker health,
      AuditEmitter audit, Clock clock) {
    CredentialVault vault = credentials.vault();
    if (vault != null) {
      vault.onChange(new CredentialRotations(credentials, store, health, audit, clock)::changed);
    }
  }

  private void changed(SecretAddress address, CredentialVault.Change change) {
    for (ConnectorInstance instance : store.list()) {
      if (!instance.deleted() && credentials.addresses(instance).values().stream().anyMatch(address::covers)) {
        AuditEvent.Builder event = AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant())
            .action(change == CredentialVault.Change.ROTATED ? "credential.rotate" : "credential.revoke")
            .caller(ActingUser.SYSTEM, instance.projectId())
            .instance(instance.id(), instance.connectorType())
            .detail("secret_ref", address.ref().toString())
            .succeeded();
        if (change == CredentialVault.Change.ROTATED && ENABLED.contains(instance.status())) {
          HealthResult result = health.check(instance, ActingUser.SYSTEM);
          InstanceStatus status = result instanceof HealthResult.Healthy ? InstanceStatus.ACTIVE
              : result instanceof HealthResult.CredentialsRejected ? InstanceStatus.CREDENTIAL_EXPIRED
              : InstanceStatus.ERROR;
          store.updateStatus(instance.id(), new StatusUpdate(status, null, null, null));
          event.detail("health", result.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
              .detail("status", status.name().toLowerCase(java.util.Locale.ROOT));
        }
        audit.emit(event.build());
      }
    }
  }
}
