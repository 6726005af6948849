package io.cynodeai.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One call of one operation on one connector instance.
 *
 * @param instanceId the connector instance to call
 * @param operation the operation name declared by the instance's connector type
 * @param input the request document, validated against the operation's request schema
 * @param idempotencyKey optional key that makes a mutating call safe to repeat (§2.3)
 * @param caller who is calling; the engine authorizes and scopes with it
 * @param requestId unique id of this request, carried into the response metadata and audit event
 * @param correlationId id tying this request to a wider flow (a trace id); defaults to the request id
 * @param mode how to run the operation
 * @param traceContext the caller's W3C trace context ({@code traceparent} and {@code tracestate}), or null: a
 *     tracer makes the caller's span the parent of the invocation's, and a job keeps it for its runs
 */
public record InvocationRequest(
    String instanceId,
    String operation,
    JsonNode input,
    @Nullable String idempotencyKey,
    Caller caller,
    String requestId,
    String correlationId,
    ExecutionMode mode,
    @Nullable TraceContext traceContext) {
  private static final System.Logger LOG = System.getLogger(InvocationRequest.class.getName());

  public InvocationRequest {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(mode, "mode");
    if (idempotencyKey != null && idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotencyKey must not be blank when present");
    }
  }

  /** A request without a caller's trace context. */
  public InvocationRequest(String instanceId, String operation, JsonNode input, @Nullable String idempotencyKey,
      Caller caller, String requestId, String correlationId, ExecutionMode mode) {
    this(instanceId, operation, input, idempotencyKey, caller, requestId, correlationId, mode, null);
  }

  /** A synchronous request with a fresh request id that doubles as the correlation id. */
  public static InvocationRequest of(String instanceId, String operation, JsonNode input, Caller caller) {
    String requestId = UUID.randomUUID().toString();
    return new InvocationRequest(
        instanceId, operation, input, null, caller, requestId, requestId, ExecutionMode.SYNC);
  }

  public InvocationRequest withIdempotencyKey(@Nullable String key) {
    return new InvocationRequest(instanceId, operation, input, key, caller, requestId, correlationId, mode,
        traceContext);
  }

  public InvocationRequest withCorrelationId(String id) {
    return new InvocationRequest(instanceId, operation, input, idempotencyKey, caller, requestId, id, mode,
        traceContext);
  }

  /**
   * Carries the caller's W3C {@code traceparent} header: the request keeps its {@link #traceContext()} and takes
   * its trace id as the correlation id. An absent header leaves the request unchanged; so does an invalid one,
   * with a warning logged (without the value), because the W3C rules say a receiver that cannot parse the
   * header starts a new trace rather than refuse the call.
   */
  public InvocationRequest withTraceparent(@Nullable String traceparent) {
    return withTraceparent(traceparent, null);
  }

  /**
   * Carries the caller's W3C {@code traceparent} and {@code tracestate} headers, as {@link
   * #withTraceparent(String)}; an invalid {@code tracestate} is dropped and the {@code traceparent} kept.
   */
  public InvocationRequest withTraceparent(@Nullable String traceparent, @Nullable String tracestate) {
    if (traceparent == null) {
      return this;
    }
    TraceContext parsed = TraceContext.parse(traceparent, tracestate).orElse(null);
    if (parsed == null) {
      LOG.log(System.Logger.Level.WARNING, "ignored an invalid W3C traceparent header ({0} characters) on a call"
          + " of {1}; the call starts a new trace", traceparent.length(), operation);
      return this;
    }
    return withTraceContext(parsed);
  }

  /**
   * Carries the caller's trace context (its trace id becomes the correlation id), or drops it ({@code null}:
   * the correlation id is kept).
   */
  public InvocationRequest withTraceContext(@Nullable TraceContext context) {
    return new InvocationRequest(instanceId, operation, input, idempotencyKey, caller, requestId,
        context == null ? correlationId : context.traceId(), mode, context);
  }

  public InvocationRequest withRequestId(String id) {
    return new InvocationRequest(instanceId, operation, input, idempotencyKey, caller, id, correlationId, mode,
        traceContext);
  }

  public InvocationRequest withMode(ExecutionMode executionMode) {
    return new InvocationRequest(
        instanceId, operation, input, idempotencyKey, caller, requestId, correlationId, executionMode, traceContext);
  }
}
