package io.cynodeai.connector.reference.http;

import io.cynodeai.connector.spi.ConnectorContext;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the requests the connector sends. Headers are layered: the connector's defaults, then the
 * instance's {@code defaultHeaders}, then the call's own headers, then the credential headers (leased for this
 * call), each overriding the one before.
 */
final class RequestFactory {
  static final String USER_AGENT = "cynodeai-http-connector/" + HttpConnectorProvider.VERSION;

  private RequestFactory() {}

  /**
   * The request for {@code call}, which must be answered within {@code timeout}, carrying {@code credentials}
   * (header name to value, from {@link CredentialHeaders}).
   */
  static HttpRequest call(HttpConfig config, HttpCall call, Duration timeout, Map<String, String> credentials) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json");
    headers.put("user-agent", USER_AGENT);
    BodyPublisher body = BodyPublishers.noBody();
    if (call.body() != null) {
      headers.put("content-type", "application/json");
      body = BodyPublishers.ofByteArray(call.body().toString().getBytes(StandardCharsets.UTF_8));
    }
    headers.putAll(config.defaultHeaders());
    headers.putAll(call.headers());
    headers.putAll(credentials);
    HttpRequest.Builder request = HttpRequest.newBuilder(TargetUri.resolve(config.baseUrl(), call.path(), call.query()))
        .timeout(timeout)
        .method(call.method(), body);
    headers.forEach(request::setHeader);
    return request.build();
  }

  /** A HEAD of the base URL, for the health check. */
  static HttpRequest probe(HttpConfig config, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(config.baseUrl())
        .timeout(timeout)
        .method("HEAD", BodyPublishers.noBody())
        .setHeader("user-agent", USER_AGENT);
    config.defaultHeaders().forEach(request::setHeader);
    return request.build();
  }

  /**
   * How long one request may take: the configured timeout, cut to the time left before the engine stops
   * waiting, so the connector gives up (and frees the connection) no later than the engine does.
   *
   * @throws SocketTimeoutException if no time is left; the engine classifies it as a transient timeout
   */
  static Duration timeout(HttpConfig config, ConnectorContext context) throws SocketTimeoutException {
    return context.timeLeft(config.timeout());
  }
}
