package io.cynodeai.connector.core.internal.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Instant;

/** The context of a health check. Immutable. */
public record SimpleConnectorContext(
    String instanceId,
    JsonNode config,
    Clock clock,
    System.Logger logger,
    Instant deadline,
    CredentialAccess credentials,
    NetworkAccess network)
    implements ConnectorContext {}
