package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The parent's handler for the operations of a sandboxed type: takes a worker for the call (a fresh child, or a
 * warm one of the same instance, see {@link WorkerPool}; REQ-EGRESS-005), sends it the call, serves its HTTP and
 * credential requests, and turns its answer into a result or a typed failure. A worker whose call ended with an
 * answer goes back to the pool (which keeps or ends it); one that did not — deadline, crash, limit, protocol
 * error, interruption — is killed, and only that one. Thread-safe: a worker serves one call at a time.
 */
public final class SandboxedHandler implements OperationHandler {
  private final ChildLauncher launcher;
  private final HttpForwarder forwarder;
  private final Consumer<ProcessHandle> onStart;
  private final WorkerPool pool;

  /** With the launcher's limits' warm workers ({@code maxIdleWorkers}). */
  public SandboxedHandler(ChildLauncher launcher) {
    this(launcher, child -> {}, launcher.limits().maxIdleWorkers());
  }

  /** A fresh child per call, {@code onStart} told of each: for verification. */
  public SandboxedHandler(ChildLauncher launcher, Consumer<ProcessHandle> onStart) {
    this(launcher, onStart, 0);
  }

  private SandboxedHandler(ChildLauncher launcher, Consumer<ProcessHandle> onStart, int maxIdleWorkers) {
    this.launcher = launcher;
    this.forwarder = new HttpForwarder(launcher.limits().maxHttpResponseBytes());
    this.onStart = onStart;
    this.pool = new WorkerPool(launcher, maxIdleWorkers);
  }

  /** How many idle warm workers this handler keeps now. */
  public int idleWorkers() {
    return pool.idleCount();
  }

  /** Ends the idle warm workers (a call in flight keeps its worker). */
  public void closeIdleWorkers() {
    pool.closeIdle();
  }

  @Override
  public HandlerResult handle(OperationContext ctx, JsonNode input) throws Exception {
    ChildProcess child = pool.acquire(ctx.instanceId());
    boolean answered = false;
    try {
      onStart.accept(child.handle());
      child.startCall();
      child.send(invoke(ctx, input));
      IOException forwardedFailure = null;
      while (true) {
        JsonNode msg = child.receive(ctx.deadline());
        switch (msg.path("type").asText()) {
          case "http" -> {
            try {
              child.send(forwarder.forward(ctx, msg));
            } catch (IOException e) {
              forwardedFailure = e;
              child.send(HttpForwarder.failure(e));
            }
          }
          case "credentials" -> sendCredentials(child, ctx);
          case "result" -> {
            HandlerResult r = result(msg);
            answered = true;
            return launcher.weaker() ? r.withWarning("sandbox: " + launcher.isolationDescription()) : r;
          }
          case "error" -> {
            answered = true;
            throw failure(msg, forwardedFailure);
          }
          default -> throw SandboxFailures.protocol("unknown message type");
        }
      }
    } finally {
      if (answered) {
        pool.release(ctx.instanceId(), child);
      } else {
        child.close();
      }
    }
  }

  private static ObjectNode invoke(OperationContext ctx, JsonNode input) {
    ObjectNode msg = Messages.of("invoke");
    msg.put("operation", ctx.operation());
    msg.set("input", input);
    msg.set("config", ctx.config());
    msg.put("instanceId", ctx.instanceId());
    msg.put("requestId", ctx.requestId());
    msg.put("correlationId", ctx.correlationId());
    msg.put("executionMode", ctx.executionMode().name());
    msg.put("attempt", ctx.attempt());
    msg.put("deadlineMillis", ctx.deadline().toEpochMilli());
    return msg;
  }

  /** Leases at the child's request and writes the secrets from their buffers; the engine wipes them after. */
  private static void sendCredentials(ChildProcess child, OperationContext ctx) throws InterruptedException {
    Optional<CredentialLease> lease = ctx.credentials().lease();
    child.send((JsonGenerator gen) -> {
      gen.writeStartObject();
      gen.writeStringField("type", "credentials");
      if (lease.isPresent()) {
        gen.writeObjectFieldStart("secrets");
        for (String key : lease.get().keys()) {
          char[] value = lease.get().secret(key);
          gen.writeFieldName(key);
          gen.writeString(value, 0, value.length);
        }
        gen.writeEndObject();
      }
      gen.writeEndObject();
    });
  }

  private static HandlerResult result(JsonNode msg) {
    HandlerResult r;
    if (msg.has("data")) {
      r = HandlerResult.of(msg.get("data"));
    } else if (msg.path("rawJson").isTextual()) {
      r = HandlerResult.ofRawJson(msg.get("rawJson").asText());
    } else {
      throw SandboxFailures.protocol("a result has neither data nor rawJson");
    }
    if (msg.path("providerStatus").isInt()) {
      r = r.withProviderStatus(msg.get("providerStatus").asInt());
    }
    for (JsonNode w : msg.path("warnings")) {
      r = r.withWarning(w.asText());
    }
    if (msg.path("quotaResetMillis").canConvertToLong() && msg.get("quotaResetMillis").asLong() >= 0) {
      r = r.withQuotaReset(Duration.ofMillis(msg.get("quotaResetMillis").asLong()));
    }
    return r;
  }

  /** The child's failure as the engine would have seen it in-process. */
  static Exception failure(JsonNode msg, @Nullable IOException forwardedFailure) {
    IOException cause = msg.path("forwardedFailure").asBoolean() ? forwardedFailure : null;
    String exception = msg.path("exception").asText("unknown");
    switch (msg.path("kind").asText()) {
      case "sandbox_violation":
        return SandboxFailures.violation(msg.path("permission").asText("unknown"));
      case "provider":
        return provider(msg, cause);
      case "timeout":
        return cause != null ? new IOException("the sandboxed connector failed (" + exception + ")", cause)
            : new InterruptedIOException("the sandboxed connector timed out (" + exception + ")");
      case "io":
        return new IOException("the sandboxed connector failed (" + exception + ")", cause);
      case "other":
        return new SandboxedConnectorFailure(exception, cause);
      default:
        return SandboxFailures.protocol("unknown failure kind");
    }
  }

  private static ProviderException provider(JsonNode msg, @Nullable IOException cause) {
    String message = msg.path("message").asText("");
    String code = msg.path("code").asText("handler_error");
    Integer status = msg.path("status").isInt() ? msg.get("status").asInt() : null;
    Duration retryAfter = msg.path("retryAfterMillis").canConvertToLong()
        ? Duration.ofMillis(Math.max(0, msg.get("retryAfterMillis").asLong())) : null;
    ProviderException.Kind kind;
    try {
      kind = ProviderException.Kind.valueOf(msg.path("providerKind").asText());
    } catch (IllegalArgumentException e) {
      throw SandboxFailures.protocol("unknown provider failure kind");
    }
    return switch (kind) {
      case STATUS -> status == null ? SandboxFailures.protocol("a status failure has no status")
          : ProviderException.status(status, message);
      case TRANSIENT -> ProviderException.transientFailure(code, message, cause);
      case RATE_LIMITED -> ProviderException.rateLimited(status == null ? 429 : status, retryAfter, message);
      case AUTH_REJECTED -> ProviderException.authRejected(status, message);
      case PERMANENT -> ProviderException.permanentFailure(code, message, cause);
    };
  }

  /** A sandboxed connector failed with an exception that is not a provider or I/O failure. */
  static final class SandboxedConnectorFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SandboxedConnectorFailure(String exception, @Nullable Throwable cause) {
      super("the sandboxed connector failed (" + exception + ")", cause);
    }
  }
}
