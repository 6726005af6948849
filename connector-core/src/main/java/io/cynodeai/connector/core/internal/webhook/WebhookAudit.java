package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.core.internal.AuditEmitter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Emits {@code webhook} audit events: one per delivery and one per management call. Details are the
 * subscription, outcome, reason and counts; never a body, a header value or a secret. Thread-safe.
 */
final class WebhookAudit {
  /** The user a delivery is audited as: deliveries are authenticated by signature, not by a user. */
  static final String DELIVERY_USER = "engine:webhook";

  private final AuditEmitter audit;
  private final Clock clock;

  WebhookAudit(AuditEmitter audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  void emit(String action, String userId, @Nullable String projectId, String instanceId, @Nullable String type,
      String subscription, @Nullable FailureClass failure, @Nullable String code, long nanos,
      Map<String, String> details) {
    AuditEvent.Builder event = event(clock.instant(), action, userId, projectId, instanceId, type, subscription,
        failure, code, nanos);
    details.forEach(event::detail);
    emit(event);
  }

  /** An event with the fields every webhook event has, for the caller to add its details to and {@link #emit}. */
  AuditEvent.Builder event(Instant at, String action, String userId, @Nullable String projectId,
      String instanceId, @Nullable String type, String subscription, @Nullable FailureClass failure,
      @Nullable String code, long nanos) {
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.WEBHOOK, at)
        .action(action)
        .caller(userId, projectId)
        .instance(instanceId, type)
        .durationMs(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos))
        .detail("subscription", subscription);
    return failure == null ? event.succeeded() : event.failed(failure, String.valueOf(code));
  }

  void emit(AuditEvent.Builder event) {
    audit.emit(event.build());
  }
}
