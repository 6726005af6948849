package io.cynodeai.connector.reference.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.http.JsonRequests;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One request to Discord's REST API, through the instance's HTTP client (which enforces the egress rules and
 * never follows redirects), authenticated as a bot with the leased {@code token}. Answers a 2xx's status,
 * headers and parsed JSON body, or throws the classified failure ({@link DiscordReplies}). Stateless and
 * thread-safe.
 */
final class DiscordApi {
  /** Discord asks bots for a {@code DiscordBot (url, version)} user agent. */
  static final String USER_AGENT = "DiscordBot (https://cynodeai.io, " + DiscordConnectorProvider.VERSION + ")";

  private DiscordApi() {}

  /** A successful answer. */
  record Reply(int status, HttpHeaders headers, JsonNode body) {}

  static Reply get(ConnectorContext context, String path, @Nullable String query)
      throws IOException, InterruptedException {
    return send(context, "GET", path, query, null);
  }

  static Reply post(ConnectorContext context, String path, JsonNode body) throws IOException, InterruptedException {
    return send(context, "POST", path, null, body);
  }

  private static Reply send(ConnectorContext context, String method, String path, @Nullable String query,
      @Nullable JsonNode body) throws IOException, InterruptedException {
    DiscordConfig config = DiscordConfig.from(context.config());
    String what = method + " " + path;
    HttpRequest.Builder request = JsonRequests.builder(method, config.api(path, query), body,
        timeout(config, context), USER_AGENT);
    // The one place the token becomes a String: HttpRequest takes header values only as strings. The engine
    // wipes the leased char[] when the call ends; this copy lives until the request is garbage collected.
    request.header("authorization", "Bot " + new String(token(context)));
    HttpResponse<InputStream> response = context.network().httpClient()
        .send(request.build(), BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      byte[] bytes = DiscordReplies.readCapped(what, response.statusCode(), in);
      DiscordReplies.checkStatus(what, response.statusCode(), response.headers(), bytes);
      return new Reply(response.statusCode(), response.headers(),
          DiscordReplies.parseJson(what, response.statusCode(), response.headers(), bytes));
    }
  }

  /**
   * The leased bot {@code token}.
   *
   * @throws ProviderException {@code credentials_missing} (permanent) if the instance has no token configured
   */
  static char[] token(ConnectorContext context) {
    return context.credentials().require("token");
  }

  /** The configured timeout, cut to the time left before the engine stops waiting. */
  static Duration timeout(DiscordConfig config, ConnectorContext context) throws SocketTimeoutException {
    return context.timeLeft(config.timeout());
  }
}
