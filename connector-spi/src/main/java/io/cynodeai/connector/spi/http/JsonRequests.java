package io.cynodeai.connector.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The requests of a JSON-over-HTTP API: the counterpart of {@link JsonReplies}. Stateless. */
public final class JsonRequests {
  private JsonRequests() {}

  /**
   * A request that accepts JSON, names the connector ({@code user-agent}) and carries {@code body} as JSON
   * (none when null), bounded by {@code timeout}. The caller adds its authorization header and builds it.
   */
  public static HttpRequest.Builder builder(String method, URI uri, @Nullable JsonNode body, Duration timeout,
      String userAgent) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("accept", "application/json")
        .header("user-agent", userAgent);
    if (body == null) {
      return request.method(method, BodyPublishers.noBody());
    }
    return request.header("content-type", "application/json")
        .method(method, BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
