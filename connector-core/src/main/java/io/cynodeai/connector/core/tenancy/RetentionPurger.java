package io.cynodeai.connector.core.tenancy;

import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.tenancy.CredentialEraser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The retention task (§12): purges instances soft-deleted longer ago than the retention period (after wiping
 * and verifying their credentials once more; an instance whose wipe cannot be verified is kept and retried
 * next run), and deletes audit events older than the audit retention. Each run is audited. The engine runs
 * it on a schedule when built with {@code EngineBuilder.retention(..)}; hosts may also run it themselves.
 * Thread-safe; runs should not overlap (a scheduled run never does).
 */
public final class RetentionPurger implements Runnable {
  private final InstanceStore store;
  private final RetentionPolicy policy;
  private final CredentialEraser credentials;
  private final @Nullable AuditRetention auditLog;
  private final AuditEmitter audit;
  private final Clock clock;

  /**
   * @param auditLog the audit store to apply the audit retention to, or null when events are not kept by the
   *     engine (for example JSON lines shipped to a log system with its own retention)
   */
  public RetentionPurger(InstanceStore store, RetentionPolicy policy, CredentialWiper wiper,
      @Nullable AuditRetention auditLog, AuditSink auditSink, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.audit = new AuditEmitter(Objects.requireNonNull(auditSink, "auditSink"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.credentials = new CredentialEraser(Objects.requireNonNull(wiper, "wiper"), audit, clock);
    this.auditLog = auditLog;
  }

  @Override
  public void run() {
    purgeNow();
  }

  /** Runs once and reports what was purged. */
  public PurgeReport purgeNow() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(policy.softDeleteRetention());
    List<String> purged = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (ConnectorInstance instance : store.list()) {
      Instant deletedAt = instance.deletedAt();
      if (deletedAt == null || !deletedAt.isBefore(cutoff)) {
        continue;
      }
      if (!credentials.erase(instance.id(), null, instance.projectId())) {
        kept.add(instance.id());
      } else if (store.purge(instance.id())) {
        purged.add(instance.id());
        audit.emit(AuditEvent.builder(AuditEventType.LIFECYCLE, now).action("purge").succeeded()
            .caller(ActingUser.SYSTEM, instance.projectId()).instance(instance.id(), instance.connectorType())
            .detail("deleted_at", deletedAt.toString()).build());
      }
    }
    long events = auditLog == null ? 0 : auditLog.purgeBefore(now.minus(policy.auditRetention()));
    if (auditLog != null) {
      audit.emit(AuditEvent.builder(AuditEventType.LIFECYCLE, now).action("audit_retention").succeeded()
          .detail("purged_events", Long.toString(events))
          .detail("cutoff", now.minus(policy.auditRetention()).toString()).build());
    }
    return new PurgeReport(purged, kept, events);
  }
}
