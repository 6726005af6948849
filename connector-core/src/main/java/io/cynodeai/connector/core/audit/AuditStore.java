package io.cynodeai.connector.core.audit;

import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.audit.AuditSink;

/**
 * An audit sink that keeps events and answers queries by time range, instance, user and project (§10.1),
 * and forgets events older than the audit retention (§12, {@link AuditRetention}). The JDBC one comes with
 * {@link io.cynodeai.connector.core.store.Stores#audit()}. Implementations are thread-safe.
 */
public interface AuditStore extends AuditSink, AuditRetention {

  /** One page of the events matching {@code query}, oldest first. */
  AuditPage query(AuditQuery query);
}
