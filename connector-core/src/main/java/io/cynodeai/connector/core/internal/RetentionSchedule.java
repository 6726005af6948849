package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.tenancy.RetentionPurger;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the engine's retention task on one daemon thread, if the governance settings ask for one. */
final class RetentionSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

  private RetentionSchedule() {}

  /**
   * Starts the task and returns what stops it.
   *
   * @param kept the host's audit sink (with the stores' audit store), purged when it keeps events
   * @param sink where the task's own audit events go
   */
  static Runnable start(Governance governance, InstanceStore store, AuditSink kept, AuditSink sink, Clock clock) {
    if (governance.retention() == null) {
      return () -> {};
    }
    RetentionPurger purger = new RetentionPurger(store, governance.retention(), governance.credentials(),
        kept instanceof AuditRetention r ? r : null, sink, clock);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "connector-retention");
      t.setDaemon(true);
      return t;
    });
    long every = governance.retentionEvery().toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        purger.purgeNow();
      } catch (RuntimeException e) {
        LOG.error("retention task failed", e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return timer::shutdownNow;
  }
}
