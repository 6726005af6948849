package io.cynodeai.connector.reference.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.http.JsonRequests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One request to the Mattermost REST API v4, through the instance's HTTP client (which enforces the egress
 * rules and never follows redirects), authenticated with the leased personal access or bot token. Answers
 * the status and parsed JSON body of a 2xx, or throws the classified failure ({@link MattermostReplies}).
 * Stateless and thread-safe.
 */
final class MattermostApi {

  /** A successful answer: its status and JSON body. */
  record Reply(int status, JsonNode body) {}

  static final String USER_AGENT = "cynodeai-mattermost-connector/" + MattermostConnectorProvider.VERSION;

  private MattermostApi() {}

  /** A GET of {@code path} with an already encoded {@code query}. */
  static Reply get(ConnectorContext context, String path, @Nullable String query)
      throws IOException, InterruptedException {
    return send(context, "GET", path, query, null);
  }

  /** A POST of {@code body} as JSON to {@code path}. */
  static Reply post(ConnectorContext context, String path, JsonNode body) throws IOException, InterruptedException {
    return send(context, "POST", path, null, body);
  }

  private static Reply send(ConnectorContext context, String method, String path, @Nullable String query,
      @Nullable JsonNode body) throws IOException, InterruptedException {
    MattermostConfig config = MattermostConfig.from(context.config());
    String what = method + " /api/v4" + path;
    HttpRequest request = request(context, config, method, config.api(path, query), body);
    HttpResponse<InputStream> response = context.network().httpClient().send(request, BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      byte[] bytes = MattermostReplies.readCapped(what, response.statusCode(), in);
      MattermostReplies.checkStatus(what, response.statusCode(), response.headers(), bytes);
      return new Reply(response.statusCode(),
          MattermostReplies.parseJson(what, response.statusCode(), response.headers(), bytes));
    }
  }

  private static HttpRequest request(ConnectorContext context, MattermostConfig config, String method, URI uri,
      @Nullable JsonNode body) throws SocketTimeoutException {
    HttpRequest.Builder builder = JsonRequests.builder(method, uri, body, timeout(config, context), USER_AGENT);
    char[] token = token(context);
    // The one place the token becomes a String: HttpRequest takes header values only as strings. The engine
    // wipes the leased char[] when the call ends; this copy lives until the request is garbage collected.
    builder.header("authorization", "Bearer " + new String(token));
    return builder.build();
  }

  /**
   * The leased {@code token}.
   *
   * @throws ProviderException {@code credentials_missing} (permanent) if the instance has no token configured
   */
  static char[] token(ConnectorContext context) {
    return context.credentials().require("token");
  }

  /**
   * How long one request may take: the configured timeout, cut to the time left before the engine stops
   * waiting, so the connector gives up no later than the engine does.
   */
  static Duration timeout(MattermostConfig config, ConnectorContext context) throws SocketTimeoutException {
    return context.timeLeft(config.timeout());
  }
}
