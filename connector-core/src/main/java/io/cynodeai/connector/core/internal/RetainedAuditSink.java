package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.audit.AuditSink;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The engine's audit sink together with the audit stores the retention task must purge: the sink itself when
 * it keeps events, and the stores' audit store (which the host may or may not be writing to). Thread-safe.
 */
public final class RetainedAuditSink implements AuditSink, AuditRetention {
  private final AuditSink sink;
  private final AuditRetention store;

  private RetainedAuditSink(AuditSink sink, AuditRetention store) {
    this.sink = sink;
    this.store = store;
  }

  /** {@code sink}, with {@code store} also covered by the audit retention (once, if they are the same). */
  public static AuditSink of(AuditSink sink, @Nullable AuditRetention store) {
    return store == null || sink == store ? sink : new RetainedAuditSink(sink, store);
  }

  @Override
  public void record(AuditEvent event) {
    sink.record(event);
  }

  @Override
  public long purgeBefore(Instant cutoff) {
    long purged = store.purgeBefore(cutoff);
    return sink instanceof AuditRetention kept ? purged + kept.purgeBefore(cutoff) : purged;
  }
}
