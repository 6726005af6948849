package io.cynodeai.connector.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a chat server on 127.0.0.1 and an ephemeral port, speaking just enough of Mattermost's API
 * v4 ({@code /api/v4/users/me}, {@code /api/v4/posts}, {@code /api/v4/channels/{id}/posts}) or Discord's
 * v10 ({@code /api/v10/users/@me}, {@code /api/v10/channels/{id}/messages}) for the examples. It checks the
 * token, keeps posts in memory, and for Discord sends per-bucket rate-limit headers whose bucket empties
 * after {@link #DISCORD_BUCKET_SIZE} calls. Thread-safe.
 */
final class LocalChatServer implements AutoCloseable {
  static final int DISCORD_BUCKET_SIZE = 3;
  static final String MATTERMOST_CHANNEL = "ch1x3u7dqbbyjy8t5bkjo8a4nw";
  static final String DISCORD_CHANNEL = "1100000000000000001";
  static final String BOT_ID = "1200000000000000001";
  static final String USER_ID = "9qbnfjwmp3y9tm1s9rhe3aqowr";

  private final HttpServer server;
  private final String authorization;
  private final boolean discord;
  private final List<ObjectNode> posts = new ArrayList<>();
  private final AtomicInteger discordCalls = new AtomicInteger();

  private LocalChatServer(boolean discord, String authorization) {
    this.discord = discord;
    this.authorization = authorization;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** A Mattermost server accepting {@code Bearer <token>}. */
  static LocalChatServer mattermost(String token) {
    return new LocalChatServer(false, "Bearer " + token);
  }

  /** A Discord API accepting {@code Bot <token>}. */
  static LocalChatServer discord(String token) {
    return new LocalChatServer(true, "Bot " + token);
  }

  /** The server URL (Mattermost) or API URL (Discord). */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + (discord ? "/api/v10" : ""));
  }

  int port() {
    return server.getAddress().getPort();
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] in = exchange.getRequestBody().readAllBytes();
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, discord ? "{\"message\":\"401: Unauthorized\",\"code\":0}"
            : "{\"id\":\"api.context.session_expired.app_error\",\"message\":\"Invalid session\",\"status_code\":401}");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.endsWith("/users/me") || path.endsWith("/users/@me")) {
        reply(exchange, 200, "{\"id\":\"" + (discord ? BOT_ID : USER_ID) + "\",\"username\":\"example-bot\",\"bot\":true}");
      } else if (exchange.getRequestMethod().equals("POST")) {
        ObjectNode created = discord ? discordMessage(JsonResources.parse(new String(in, StandardCharsets.UTF_8)))
            : mattermostPost(JsonResources.parse(new String(in, StandardCharsets.UTF_8)));
        posts.add(created);
        reply(exchange, discord ? 200 : 201, created.toString());
      } else {
        reply(exchange, 200, discord ? discordList().toString() : mattermostList().toString());
      }
    }
  }

  private ObjectNode mattermostPost(JsonNode in) {
    long at = 1_700_000_000_000L + posts.size() * 1000L;
    ObjectNode post = JsonNodeFactory.instance.objectNode()
        .put("id", String.format("post%022d", posts.size() + 1)).put("create_at", at).put("update_at", at)
        .put("user_id", USER_ID).put("channel_id", in.path("channel_id").asText())
        .put("root_id", in.path("root_id").asText("")).put("message", in.path("message").asText()).put("type", "");
    post.putObject("props");
    return post;
  }

  private ObjectNode mattermostList() {
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    ArrayNode order = list.putArray("order");
    ObjectNode byId = list.putObject("posts");
    for (int i = posts.size() - 1; i >= 0; i--) {
      order.add(posts.get(i).get("id").asText());
      byId.set(posts.get(i).get("id").asText(), posts.get(i));
    }
    return list.put("next_post_id", "").put("prev_post_id", "").put("has_next", false);
  }

  private ObjectNode discordMessage(JsonNode in) {
    ObjectNode message = JsonNodeFactory.instance.objectNode()
        .put("id", String.valueOf(1_300_000_000_000_000_000L + posts.size() + 1))
        .put("channel_id", DISCORD_CHANNEL);
    message.putObject("author").put("id", BOT_ID).put("username", "example-bot").put("bot", true);
    return message.put("content", in.path("content").asText()).put("timestamp", "2024-01-01T12:00:00.000000+00:00")
        .putNull("edited_timestamp").put("type", 0);
  }

  private ArrayNode discordList() {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (int i = posts.size() - 1; i >= 0; i--) {
      list.add(posts.get(i));
    }
    return list;
  }

  private void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (discord && status == 200 && exchange.getRequestURI().getPath().contains("/channels/")) {
      int remaining = DISCORD_BUCKET_SIZE - 1 - discordCalls.getAndIncrement() % DISCORD_BUCKET_SIZE;
      exchange.getResponseHeaders().add("X-RateLimit-Bucket", "example-bucket");
      exchange.getResponseHeaders().add("X-RateLimit-Limit", String.valueOf(DISCORD_BUCKET_SIZE));
      exchange.getResponseHeaders().add("X-RateLimit-Remaining", String.valueOf(remaining));
      exchange.getResponseHeaders().add("X-RateLimit-Reset-After", "0.250");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

}
