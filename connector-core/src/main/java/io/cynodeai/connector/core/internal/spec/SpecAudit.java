package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecChange;
import java.time.Clock;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One {@code spec} audit event per applied, refused or deleted spec (§19.8). Events name the changed fields by
 * pointer but never carry values, so config and credential references stay out of the audit trail.
 */
final class SpecAudit {
  private final io.cynodeai.connector.core.internal.AuditEmitter emitter;
  private final Clock clock;

  SpecAudit(io.cynodeai.connector.core.internal.AuditEmitter emitter, Clock clock) {
    this.emitter = emitter;
    this.clock = clock;
  }

  void applied(String origin, ConnectorSpec saved, Caller caller, SpecChange change, boolean drift) {
    AuditEvent.Builder e = event(drift ? "spec.reconcile" : "spec.apply", saved.name(), saved.spec().type(),
        caller).succeeded().detail("origin", origin).detail("change", change.kind().wireName())
        .detail("uid", String.valueOf(saved.metadata().uid()))
        .detail("resource_version", String.valueOf(saved.metadata().resourceVersion()));
    if (!change.fields().isEmpty()) {
      e.detail("fields", change.fields().stream().map(SpecChange.FieldChange::pointer)
          .collect(Collectors.joining(",")));
    }
    if (drift) {
      e.detail("drift_overwritten", "true");
    }
    emitter.emit(e.build());
  }

  void applyRejected(String origin, @Nullable ConnectorSpec spec, Caller caller, Failed failure) {
    emitter.emit(event("spec.apply", spec == null ? null : spec.name(), spec == null ? null : spec.spec().type(),
        caller).failed(failure.failureClass(), failure.code()).detail("origin", origin).build());
  }

  void deleted(ConnectorSpec spec, Caller caller) {
    emitter.emit(event("spec.delete", spec.name(), spec.spec().type(), caller).succeeded()
        .detail("uid", String.valueOf(spec.metadata().uid())).build());
  }

  void deleteRejected(String name, @Nullable ConnectorSpec spec, Caller caller, Failed failure) {
    emitter.emit(event("spec.delete", name, spec == null ? null : spec.spec().type(), caller)
        .failed(failure.failureClass(), failure.code()).build());
  }

  void authorized(ConnectorSpec spec, Caller caller) {
    emitter.emit(event("spec.authorize", spec.name(), spec.spec().type(), caller).succeeded().build());
  }

  void authorizeRejected(String name, @Nullable ConnectorSpec spec, Caller caller, Failed failure) {
    emitter.emit(event("spec.authorize", name, spec == null ? null : spec.spec().type(), caller)
        .failed(failure.failureClass(), failure.code()).build());
  }

  private AuditEvent.Builder event(String action, @Nullable String name, @Nullable String type, Caller caller) {
    return AuditEvent.builder(AuditEventType.SPEC, clock.instant()).action(action)
        .caller(caller.userId(), caller.projectId()).instance(name, type);
  }
}
