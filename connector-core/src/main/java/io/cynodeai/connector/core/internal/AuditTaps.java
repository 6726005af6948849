package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditSink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's audit stream: every event goes to each tap in order (the engine's SLO tracking, then the
 * extensions'), then to the host's sink. A tap that throws is logged and skipped for that event, so no tap can
 * keep an event from the host's sink. Thread-safe when the taps and the sink are.
 */
public final class AuditTaps implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTaps.class);
  private final AuditSink[] taps;
  private final AuditSink next;

  private AuditTaps(List<AuditSink> taps, AuditSink next) {
    this.taps = taps.toArray(AuditSink[]::new);
    this.next = next;
  }

  /** {@code next}, preceded by {@code taps}; {@code next} itself when there is no tap. */
  public static AuditSink before(List<AuditSink> taps, AuditSink next) {
    return taps.isEmpty() ? next : new AuditTaps(taps, next);
  }

  @Override
  public void record(AuditEvent event) {
    for (AuditSink tap : taps) {
      try {
        tap.record(event);
      } catch (RuntimeException e) {
        LOG.warn("an audit tap ({}) failed on a {} event; the event is recorded regardless",
            tap.getClass().getName(), event.type(), e);
      }
    }
    next.record(event);
  }
}
