package io.cynodeai.connector.core.internal.tenancy;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.core.internal.AuditEmitter;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wipes a deleted instance's credentials through the host's {@link CredentialWiper}, verifies the wipe, and
 * audits the result ({@code credential_wipe}). A failure is audited and logged by exception type only,
 * never with its message (it may quote a secret). Thread-safe.
 */
public final class CredentialEraser {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialEraser.class);
  private final CredentialWiper wiper;
  private final AuditEmitter audit;
  private final Clock clock;

  public CredentialEraser(CredentialWiper wiper, AuditEmitter audit, Clock clock) {
    this.wiper = wiper;
    this.audit = audit;
    this.clock = clock;
  }

  /** Wipes and verifies; true when no credential material remains. */
  public boolean erase(String instanceId, @Nullable String userId, @Nullable String projectId) {
    String failure;
    try {
      wiper.wipe(instanceId);
      failure = wiper.holdsCredentials(instanceId) ? "credentials remain after the wipe" : null;
    } catch (RuntimeException e) {
      LOG.error("credential wipe of instance {} failed ({})", instanceId, e.getClass().getName());
      failure = "the credential store failed (" + e.getClass().getSimpleName() + ")";
    }
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant())
        .action("credential_wipe").caller(userId, projectId).instance(instanceId, null);
    if (failure == null) {
      audit.emit(event.succeeded().build());
      return true;
    }
    audit.emit(event.failed(FailureClass.PERMANENT, "credential_wipe_failed").detail("reason", failure).build());
    return false;
  }
}
