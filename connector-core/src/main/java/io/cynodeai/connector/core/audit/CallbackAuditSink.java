package io.cynodeai.connector.core.audit;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditSink;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands audit events to a host callback on its own daemon thread, through a bounded queue, so a slow or
 * failing callback never delays or fails an invocation. When the queue is full an event is dropped and
 * counted ({@link #dropped()}); combine with the SLF4J sink ({@code new Slf4jJsonAuditSink().and(..)}) when
 * no event may be lost. A throwing callback is logged (by exception type) and delivery goes on.
 *
 * <p>Thread-safe. {@link #close()} delivers what is queued (for up to the given time) and stops the thread.
 */
public final class CallbackAuditSink implements AuditSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackAuditSink.class);
  private static final AuditEvent STOP = AuditEvent.builder(
      io.cynodeai.connector.api.audit.AuditEventType.LIFECYCLE, java.time.Instant.EPOCH).action("stop").build();
  private final BlockingQueue<AuditEvent> queue;
  private final Consumer<AuditEvent> callback;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread worker;

  private CallbackAuditSink(Consumer<AuditEvent> callback, int capacity) {
    this.callback = callback;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::deliver, "connector-audit-callback");
    worker.setDaemon(true);
    worker.start();
  }

  /** A sink delivering to {@code callback} with room for {@code capacity} waiting events. */
  public static CallbackAuditSink of(Consumer<AuditEvent> callback, int capacity) {
    Objects.requireNonNull(callback, "callback");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    return new CallbackAuditSink(callback, capacity);
  }

  @Override
  public void record(AuditEvent event) {
    if (!queue.offer(Objects.requireNonNull(event, "event"))) {
      dropped.incrementAndGet();
    }
  }

  /** How many events were dropped because the callback fell behind. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    close(5, TimeUnit.SECONDS);
  }

  /** Stops after delivering what is queued, waiting at most the given time. */
  public void close(long timeout, TimeUnit unit) {
    try {
      if (!queue.offer(STOP, timeout, unit)) {
        worker.interrupt();
      }
      worker.join(unit.toMillis(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver() {
    while (true) {
      AuditEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (event == STOP) {
        return;
      }
      try {
        callback.accept(event);
      } catch (RuntimeException e) {
        LOG.error("audit callback failed for a {} event ({})", event.type().wireName(), e.getClass().getName());
      }
    }
  }
}
