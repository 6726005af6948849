package io.cynodeai.connector.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Where a normalized response came from and what it took (§16 {@code metadata}). */
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
    Instant completedAt) {

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
