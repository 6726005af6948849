package io.cynodeai.connector.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one tool call tells the client while it runs: progress notifications when the call carries a {@code
 * _meta.progressToken} (strictly increasing, as MCP asks), and log notifications, which the SDK sends only at
 * or above the level the client set with {@code logging/setLevel}. Messages name tools, instances, outcomes
 * and failure codes, never inputs or secrets. A call without an exchange (a direct handler call) tells
 * nothing. Thread-safe.
 */
final class ClientNotices {
  /** The logger name the client sees. */
  static final String LOGGER = "cynodeai.connectors";
  private static final Logger LOG = LoggerFactory.getLogger(ClientNotices.class);
  private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mcp-progress");
    t.setDaemon(true);
    return t;
  });

  private final @Nullable McpSyncServerExchange exchange;
  private final @Nullable Object progressToken;
  private final AtomicInteger sent = new AtomicInteger();

  ClientNotices(@Nullable McpSyncServerExchange exchange, @Nullable CallToolRequest request) {
    this.exchange = exchange;
    this.progressToken = request == null || request.meta() == null ? null : request.meta().get("progressToken");
  }

  /** Progress {@code done} of {@code total} (null when unknown); ignored without a progress token. */
  synchronized void progress(double done, @Nullable Double total, String message) {
    if (exchange == null || progressToken == null) {
      return;
    }
    try {
      exchange.progressNotification(new ProgressNotification(progressToken, done, total, message));
      sent.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.debug("progress notification not sent: {}", e.toString());
    }
  }

  /**
   * Sends a progress notification every {@code periodMillis} while {@code work} runs (counting seconds, no
   * total), so a client that extends its timeout on progress keeps waiting for a long call.
   */
  <T> T whileRunning(long periodMillis, String what, java.util.function.Supplier<T> work) {
    if (exchange == null || progressToken == null) {
      return work.get();
    }
    long started = System.nanoTime();
    progress(0, null, what + ": started");
    ScheduledFuture<?> beat = HEARTBEAT.scheduleAtFixedRate(() -> progress(
        (System.nanoTime() - started) / 1e9, null, what + ": running"), periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
    try {
      return work.get();
    } finally {
      beat.cancel(false);
    }
  }

  /** A log notification at {@code level}, if the client's level lets it through. */
  void log(LoggingLevel level, String message) {
    if (exchange == null) {
      return;
    }
    try {
      exchange.loggingNotification(LoggingMessageNotification.builder().level(level).logger(LOGGER)
          .data(message).build());
    } catch (RuntimeException e) {
      LOG.debug("log notification not sent: {}", e.toString());
    }
  }
}
