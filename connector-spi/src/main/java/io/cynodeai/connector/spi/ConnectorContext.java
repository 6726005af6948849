package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;

/**
 * What the engine hands a connector for one piece of work: the instance's configuration, time, a logger,
 * and the only sanctioned ways to reach credentials and the network. Valid only during the call it was
 * given for.
 */
public interface ConnectorContext {

  /** The instance being served. */
  String instanceId();

  /** The instance's validated, non-secret configuration. */
  JsonNode config();

  /** The engine's clock. */
  Clock clock();

  /** A logger scoped to the connector type. Never log credentials or payloads with personal data. */
  System.Logger logger();

  /** When the engine stops waiting for this work. */
  Instant deadline();

  /** The instance's credentials, leased for the duration of this call. */
  CredentialAccess credentials();

  /** Network transports that enforce the instance's egress rules. */
  NetworkAccess network();
}
