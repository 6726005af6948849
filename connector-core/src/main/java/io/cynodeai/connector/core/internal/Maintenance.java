package io.cynodeai.connector.core.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's periodic housekeeping (purging expired idempotency records, reclaiming job leases) on
 * one daemon thread. A failing task is logged and runs again at its next period. Thread-safe.
 */
public final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "connector-maintenance");
    t.setDaemon(true);
    return t;
  });

  /** Runs {@code task} every {@code period}, the first time after one period. */
  public void every(Duration period, String name, Runnable task) {
    long millis = Math.max(1, period.toMillis());
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("maintenance task '{}' failed; it runs again in {} ms", name, millis, e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
