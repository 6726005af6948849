package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.core.internal.AuditEmitter;
import java.time.Clock;
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
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.WEBHOOK, clock.instant())
        .action(action)
        .caller(userId, projectId)
        .instance(instanceId, type)
        .durationMs(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos))
        .detail("subscription", subscription);
    details.forEach(event::detail);
    if (failure == null) {
      event.succeeded();
    } else {
      event.failed(failure, String.valueOf(code));
    }
    audit.emit(event.build());
  }
}
