package io.cynodeai.connector.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The tool calls running now, by JSON-RPC request id, so that {@code notifications/cancelled} can stop the one
 * it names: its thread is interrupted, which the engine turns into cancelling the connector's handler. A thread
 * is interrupted only while it runs that call. Thread-safe.
 */
final class RunningCalls {
  /** The {@code _meta} key under which the transport hands a tool call its request id. */
  static final String REQUEST_ID = "cynodeai.io/requestId";
  private final Map<String, Thread> running = new ConcurrentHashMap<>();
  private final java.util.Set<String> cancelledBeforeStart = ConcurrentHashMap.newKeySet();

  /** Runs {@code call} on this thread as the request {@code requestId} (none: just runs it). */
  <T> T run(@Nullable Object requestId, Supplier<T> call) {
    if (requestId == null) {
      return call.get();
    }
    String key = requestId.toString();
    synchronized (this) {
      if (cancelledBeforeStart.remove(key)) {
        throw new java.util.concurrent.CancellationException("request " + key + " was cancelled by the client");
      }
      running.put(key, Thread.currentThread());
    }
    try {
      return call.get();
    } finally {
      synchronized (this) {
        running.remove(key, Thread.currentThread());
        Thread.interrupted(); // a cancel that came as the call ended must not reach the thread's next task
      }
    }
  }

  /**
   * Interrupts the call with this request id if it is running, or keeps it from starting if it has not (the
   * transport names only requests still in flight); true if it was running.
   */
  synchronized boolean cancel(String requestId) {
    Thread thread = running.get(requestId);
    if (thread == null) {
      cancelledBeforeStart.add(requestId);
      return false;
    }
    thread.interrupt();
    return true;
  }
}
