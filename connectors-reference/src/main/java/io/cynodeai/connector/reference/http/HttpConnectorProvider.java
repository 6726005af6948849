package io.cynodeai.connector.reference.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The generic {@code http} connector type: JSON REST calls to one API, below the base URL its instance is
 * configured with.
 *
 * <ul>
 *   <li>{@code get} reads a resource. It changes nothing, so the engine retries it on transient failures
 *       (408, 429, 5xx, timeouts, network errors), honouring the provider's {@code Retry-After}.
 *   <li>{@code send} POSTs, PUTs, PATCHes or DELETEs. It is never retried: a POST whose answer was lost
 *       may have been applied, and repeating it could apply it twice. It accepts idempotency keys, which
 *       the engine deduplicates by (§2.3); a caller that also wants the provider to deduplicate passes an
 *       {@code idempotency-key} header to an API that honours one.
 * </ul>
 *
 * Both answer {@code {status, headers, body}} for a 2xx (or a 304). Other statuses become classified
 * failures: 429 is rate limited (with the provider's {@code Retry-After}), 401 rejects the instance's
 * credentials, 3xx is permanent (redirects are not followed), 408 and 5xx are transient, other 4xx
 * permanent. Paths are appended to the base URL and can never leave it. Credentials reach the connector only
 * through its credential lease: the request schemas and the config's {@code defaultHeaders} refuse credential
 * headers, and the config's {@code credentialHeaders} and {@code bearerTokenKey} name the credential keys
 * whose values are sent as headers, leased per call.
 *
 * <p>Thread-safe and stateless: {@link #type()} builds a fresh descriptor, and the handlers keep no state
 * between calls.
 */
public final class HttpConnectorProvider implements ConnectorProvider {
  /** The connector type name. */
  public static final String TYPE = "http";
  /** The connector type version. */
  public static final String VERSION = "1.0.0";
  /** The operations' timeout cap when none is given: 10 s. */
  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(10);

  private final Duration maxTimeout;

  /** The provider {@link java.util.ServiceLoader} creates: operations run for {@link #DEFAULT_MAX_TIMEOUT} at most. */
  public HttpConnectorProvider() {
    this(DEFAULT_MAX_TIMEOUT);
  }

  /**
   * A provider whose operations run for {@code maxTimeout} at most, for hosts whose synchronous timeout cap
   * is below the default (the engine refuses a sync operation whose cap exceeds its own).
   *
   * @throws IllegalArgumentException if {@code maxTimeout} is not positive
   */
  public HttpConnectorProvider(Duration maxTimeout) {
    Objects.requireNonNull(maxTimeout, "maxTimeout");
    if (maxTimeout.isNegative() || maxTimeout.isZero()) {
      throw new IllegalArgumentException("maxTimeout must be positive");
    }
    this.maxTimeout = maxTimeout;
  }

  @Override
  public ConnectorType type() {
    HttpOperations operations = new HttpOperations();
    return ConnectorType.builder(TYPE, VERSION)
        .description("Calls a JSON REST API below a configured base URL.")
        .configSchema("1", resource("config.schema.json"))
        .operation(OperationDescriptor.builder("get").examples(resource("get.examples.json"))
            .description("GET a resource below the base URL.")
            .modes(ExecutionMode.SYNC)
            .maxTimeout(maxTimeout)
            .mutating(false)
            .interruptible(true) // HttpClient.send and the body stream give up when the thread is interrupted
            .supportsIdempotency(false)
            .retry(RetryPolicy.exponential(3).withDelays(Duration.ofMillis(50), Duration.ofSeconds(1)))
            .requestSchema(resource("get.request.schema.json"))
            .responseSchema(resource("response.schema.json"))
            .handler(operations::get))
        .operation(OperationDescriptor.builder("send").examples(resource("send.examples.json"))
            .description("POST, PUT, PATCH or DELETE below the base URL, with an optional JSON body.")
            .modes(ExecutionMode.SYNC)
            .maxTimeout(maxTimeout)
            .mutating(true)
            .interruptible(true)
            .supportsIdempotency(true)
            .retry(RetryPolicy.none())
            .requestSchema(resource("send.request.schema.json"))
            .responseSchema(resource("response.schema.json"))
            .handler(operations::send))
        .healthCheck(new ReachabilityCheck())
        .build();
  }

  private static JsonNode resource(String path) {
    return JsonResources.load(HttpConnectorProvider.class, path);
  }
}
