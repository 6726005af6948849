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

  /** Runs {@code call} on this thread as the request {@code requestId} (none: just runs it). */
  <T> T run(@Nullable Object requestId, Supplier<T> call) {
    if (requestId == null) {
      return call.get();
    }
    String key = requestId.toString();
    running.put(key, Thread.currentThread());
    try {
      return call.get();
    } finally {
      synchronized (this) {
        running.remove(key, Thread.currentThread());
        Thread.interrupted(); // a cancel that came as the call ended must not reach the thread's next task
      }
    }
  }

  /** Interrupts the call with this request id, if it is running; true if it was. */
  synchronized boolean cancel(String requestId) {
    Thread thread = running.get(requestId);
    if (thread == null) {
      return false;
    }
    thread.interrupt();
    return true;
  }
}
