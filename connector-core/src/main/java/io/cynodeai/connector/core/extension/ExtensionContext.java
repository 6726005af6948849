package io.cynodeai.connector.core.extension;

import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.core.observe.EngineObserver;
import java.time.Clock;
import java.time.Duration;

/**
 * What an {@link EngineExtension} may contribute to the engine being built: a tap on the audit stream, an
 * observer of the engine's work, periodic work on the engine's maintenance thread, and resources closed with the
 * engine. It is the seam through which optional modules plug into the engine instead of adding setters to the
 * builder; it grows only as modules need more (it offers nothing else today: no stores, stages or services).
 *
 * <p>Valid only while {@link EngineExtension#extend} runs, on that thread: a call afterwards throws {@link
 * IllegalStateException}. Arguments are checked at once ({@link NullPointerException}, {@link
 * IllegalArgumentException}). Not thread-safe.
 */
public interface ExtensionContext {

  /** The engine's clock (the host's {@code EngineBuilder.clock}, else the system clock). */
  Clock clock();

  /**
   * Sees every audit event the engine emits, before the host's audit sink does: {@code tap.record(event)} runs
   * on the emitting (often the caller's) thread, after the taps of the extensions added before this one, and
   * must be fast and must not block. A tap observes; it cannot change or drop an event: if it throws, the
   * engine logs the exception and the event still reaches the next tap and the host's sink.
   */
  void tapAudit(AuditSink tap);

  /**
   * Watches the engine's work, alongside the host's {@code EngineBuilder.observer} and other extensions'
   * observers (combined with {@link EngineObserver#all}, in the order they were given: the host's first).
   */
  void observer(EngineObserver observer);

  /**
   * Runs {@code task} every {@code period} (the first time one period after the engine is built) on the
   * engine's maintenance thread, shared with the engine's own housekeeping: it must not block for long. A task
   * that throws is logged and runs again at its next period. Stopped when the engine closes.
   *
   * @param name what the task does, for the log
   */
  void every(Duration period, String name, Runnable task);

  /**
   * Closes {@code resource} when the engine closes, after the engine's own threads and scheduled work have
   * stopped; resources close in the reverse order they were registered, and a failure to close one is logged
   * without stopping the others.
   */
  void closeWithEngine(AutoCloseable resource);
}
