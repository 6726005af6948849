package io.cynodeai.connector.core.internal.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationContext;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The context of one operation attempt. Immutable. */
public record AttemptContext(
    String instanceId,
    JsonNode config,
    Clock clock,
    System.Logger logger,
    Instant deadline,
    CredentialAccess credentials,
    NetworkAccess network,
    String requestId,
    String correlationId,
    String operation,
    ExecutionMode executionMode,
    int attempt,
    @Nullable String idempotencyKey)
    implements OperationContext {}
