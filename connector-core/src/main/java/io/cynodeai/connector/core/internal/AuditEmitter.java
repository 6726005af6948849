package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands events to the host's sink; a failing sink is logged and never changes an outcome. Thread-safe. */
public final class AuditEmitter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditEmitter.class);
  private final AuditSink sink;

  public AuditEmitter(AuditSink sink) {
    this.sink = sink;
  }

  public void emit(AuditEvent event) {
    try {
      sink.record(event);
    } catch (RuntimeException e) {
      LOG.error("audit sink failed to record a {} event for request {}", event.type().wireName(),
          event.requestId(), e);
    }
  }
}
