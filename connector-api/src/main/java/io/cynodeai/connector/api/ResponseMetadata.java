package io.cynodeai.connector.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a normalized response came from and what it took (§16 {@code metadata}). {@code replay} is true when
 * the response is the stored outcome of an earlier call with the same idempotency key and input, returned
 * without running again: its other fields (request id included) are the original call's. Immutable.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseMetadata(
    String requestId,
    String correlationId,
    String connectorInstanceId,
    String connectorType,
    String connectorTypeVersion,
    String operation,
    ExecutionMode executionMode,
    @Nullable Integer providerStatusCode,
    int retryCount,
    long durationMs,
    Instant completedAt,
    boolean replay) {

  /** The metadata of a call that ran (not a replay). */
  public ResponseMetadata(String requestId, String correlationId, String connectorInstanceId, String connectorType,
      String connectorTypeVersion, String operation, ExecutionMode executionMode,
      @Nullable Integer providerStatusCode, int retryCount, long durationMs, Instant completedAt) {
    this(requestId, correlationId, connectorInstanceId, connectorType, connectorTypeVersion, operation,
        executionMode, providerStatusCode, retryCount, durationMs, completedAt, false);
  }

  /** This metadata marked as a replay's. */
  public ResponseMetadata asReplay() {
    return new ResponseMetadata(requestId, correlationId, connectorInstanceId, connectorType, connectorTypeVersion,
        operation, executionMode, providerStatusCode, retryCount, durationMs, completedAt, true);
  }

  public ResponseMetadata {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(connectorInstanceId, "connectorInstanceId");
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(connectorTypeVersion, "connectorTypeVersion");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(executionMode, "executionMode");
    Objects.requireNonNull(completedAt, "completedAt");
  }
}
