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
 */
public record InvocationRequest(
    String instanceId,
    String operation,
    JsonNode input,
    @Nullable String idempotencyKey,
    Caller caller,
    String requestId,
    String correlationId,
    ExecutionMode mode) {

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

  /** A synchronous request with a fresh request id that doubles as the correlation id. */
  public static InvocationRequest of(String instanceId, String operation, JsonNode input, Caller caller) {
    String requestId = UUID.randomUUID().toString();
    return new InvocationRequest(
        instanceId, operation, input, null, caller, requestId, requestId, ExecutionMode.SYNC);
  }

  public InvocationRequest withIdempotencyKey(@Nullable String key) {
    return new InvocationRequest(instanceId, operation, input, key, caller, requestId, correlationId, mode);
  }

  public InvocationRequest withCorrelationId(String id) {
    return new InvocationRequest(instanceId, operation, input, idempotencyKey, caller, requestId, id, mode);
  }

  /**
   * Takes the correlation id from a W3C {@code traceparent} header (its trace id) when the caller has one;
   * an absent or invalid header leaves the request unchanged, as the W3C rules require.
   */
  public InvocationRequest withTraceparent(@Nullable String traceparent) {
    return traceparent == null ? this
        : TraceContext.parse(traceparent).map(t -> withCorrelationId(t.traceId())).orElse(this);
  }

  public InvocationRequest withRequestId(String id) {
    return new InvocationRequest(instanceId, operation, input, idempotencyKey, caller, id, correlationId, mode);
  }

  public InvocationRequest withMode(ExecutionMode executionMode) {
    return new InvocationRequest(
        instanceId, operation, input, idempotencyKey, caller, requestId, correlationId, executionMode);
  }
}
