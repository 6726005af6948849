package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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

  /**
   * How long the next network exchange may take: {@code cap} (a connector's own configured timeout, or null
   * for none), cut to the time left before {@link #deadline()}, so the connector gives up no later than the
   * engine stops waiting.
   *
   * @throws SocketTimeoutException if the deadline has passed; the engine classifies it as a transient timeout
   */
  default Duration timeLeft(@Nullable Duration cap) throws SocketTimeoutException {
    Duration left = Duration.between(clock().instant(), deadline());
    if (left.isNegative() || left.isZero()) {
      throw new SocketTimeoutException("no time left before the deadline");
    }
    return cap != null && cap.compareTo(left) < 0 ? cap : left;
  }

  /** The instance's credentials, leased for the duration of this call. */
  CredentialAccess credentials();

  /** Network transports that enforce the instance's egress rules. */
  NetworkAccess network();
}
