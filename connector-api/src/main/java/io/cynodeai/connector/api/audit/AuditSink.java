package io.cynodeai.connector.api.audit;

/**
 * Receives every audit event the engine emits. Implementations must be thread-safe, must not block for
 * long (the engine calls them on the invoking thread, after the outcome is decided), and must not throw: a
 * failing sink is logged and the call's outcome is unaffected.
 */
@FunctionalInterface
public interface AuditSink {

  void record(AuditEvent event);

  /** Sends every event to both sinks, in order. */
  default AuditSink and(AuditSink other) {
    return event -> {
      record(event);
      other.record(event);
    };
  }
}
