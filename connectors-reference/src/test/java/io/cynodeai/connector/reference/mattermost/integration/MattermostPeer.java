package io.cynodeai.connector.reference.mattermost.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.mattermost.MattermostConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A small Mattermost server on 127.0.0.1: {@code GET /api/v4/users/me}, {@code POST /api/v4/posts} and
 * {@code GET /api/v4/channels/{id}/posts} with Mattermost's JSON shapes, error bodies and status codes (401
 * for a wrong token, 403 for a channel the account may not post in, 404 for an unknown channel). Replies can
 * be scripted ahead of the real behaviour for 429s and malformed answers. Records every request. {@link #host()}
 * points the testkit's {@link TestHost} at it.
 */
final class MattermostPeer implements AutoCloseable {
  static final String TOKEN = "xoxtoken0123456789abcdefgh";
  static final String USER_ID = "9qbnfjwmp3y9tm1s9rhe3aqowr";
  static final String CHANNEL = "ch1x3u7dqbbyjy8t5bkjo8a4nw";
  static final String FORBIDDEN_CHANNEL = "fb1x3u7dqbbyjy8t5bkjo8a4nw";
  static final String INSTANCE = "chat";

  private static final Pattern CHANNEL_POSTS = Pattern.compile("/api/v4/channels/([a-z0-9]+)/posts");
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, ObjectNode> posts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Scripted> scripted = new ConcurrentLinkedDeque<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  MattermostPeer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts a peer on an ephemeral port. */
  static MattermostPeer start() {
    try {
      return new MattermostPeer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #host(MattermostConnectorProvider, String)} with the plain type and the token this peer accepts. */
  TestHost.Builder host() {
    return host(new MattermostConnectorProvider(), TOKEN);
  }

  /**
   * A test host for {@code provider}'s type against this peer: instance {@value #INSTANCE} with {@code token} as
   * its {@code token} credential, and egress allowing exactly this peer (loopback allowed explicitly).
   */
  TestHost.Builder host(MattermostConnectorProvider provider, String token) {
    return TestHost.builder(provider).instanceId(INSTANCE).secret("token", token)
        .config(json("{\"serverUrl\":\"" + url() + "\"}"))
        .egress(EgressPolicy.builder().allow("http://127.0.0.1:" + url().getPort()).allowAddressRange("127.0.0.1/32")
            .build());
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next request to {@code path} gets {@code reply} instead of the real behaviour. */
  MattermostPeer script(String path, Reply reply) {
    scripted.add(new Scripted(path, reply));
    return this;
  }

  /** Stores a post as if someone had written it, and returns its id. */
  String seed(String channel, String message, long createAt) {
    ObjectNode post = post(channel, message, "", createAt);
    posts.put(post.get("id").asText(), post);
    return post.get("id").asText();
  }

  List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders().getFirst("Authorization"), body));
      Reply reply = scriptedFor(path);
      send(exchange, reply != null ? reply : answer(exchange, path, body));
    }
  }

  private @Nullable Reply scriptedFor(String path) {
    for (Scripted s : scripted) {
      if (s.path().equals(path) && scripted.remove(s)) {
        return s.reply();
      }
    }
    return null;
  }

  private Reply answer(HttpExchange exchange, String path, String body) {
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return error(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
    }
    String method = exchange.getRequestMethod();
    Matcher channelPosts = CHANNEL_POSTS.matcher(path);
    if (method.equals("GET") && path.equals("/api/v4/users/me")) {
      return Reply.json(200, "{\"id\":\"" + USER_ID + "\",\"username\":\"deploy-bot\",\"email\":\"bot@example.com\"}");
    } else if (method.equals("POST") && path.equals("/api/v4/posts")) {
      return createPost(JsonResources.parse(body));
    } else if (method.equals("GET") && channelPosts.matches()) {
      return listPosts(channelPosts.group(1), query(exchange.getRequestURI().getRawQuery()));
    }
    return error(404, "api.context.404.app_error", "Sorry, we could not find the page.");
  }

  private Reply createPost(JsonNode in) {
    String channel = in.path("channel_id").asText();
    Reply refused = channelProblem(channel);
    if (refused != null) {
      return refused;
    }
    ObjectNode post = post(channel, in.path("message").asText(), in.path("root_id").asText(""), clock.addAndGet(1000));
    posts.put(post.get("id").asText(), post);
    return Reply.json(201, post.toString());
  }

  private Reply listPosts(String channel, Map<String, String> query) {
    Reply refused = channelProblem(channel);
    if (refused != null) {
      return refused;
    }
    List<ObjectNode> matching = new ArrayList<>(posts.values().stream()
        .filter(p -> p.get("channel_id").asText().equals(channel)).toList());
    matching.sort(Comparator.comparingLong((ObjectNode p) -> p.get("create_at").asLong()).reversed());
    if (query.containsKey("since")) {
      long since = Long.parseLong(query.get("since"));
      matching.removeIf(p -> p.get("update_at").asLong() <= since);
    } else {
      int page = Integer.parseInt(query.getOrDefault("page", "0"));
      int perPage = Integer.parseInt(query.getOrDefault("per_page", "60"));
      matching = matching.subList(Math.min(page * perPage, matching.size()),
          Math.min((page + 1) * perPage, matching.size()));
    }
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    ArrayNode order = list.putArray("order");
    ObjectNode byId = list.putObject("posts");
    for (ObjectNode p : matching) {
      order.add(p.get("id").asText());
      byId.set(p.get("id").asText(), p);
    }
    list.put("next_post_id", "").put("prev_post_id", "").put("has_next", false);
    return Reply.json(200, list.toString());
  }

  private static @Nullable Reply channelProblem(String channel) {
    if (channel.equals(FORBIDDEN_CHANNEL)) {
      return error(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
    }
    if (!channel.equals(CHANNEL)) {
      return error(404, "app.channel.get.existing.app_error", "Unable to find the existing channel.");
    }
    return null;
  }

  private ObjectNode post(String channel, String message, String rootId, long at) {
    ObjectNode post = JsonNodeFactory.instance.objectNode()
        .put("id", newId()).put("create_at", at).put("update_at", at).put("edit_at", 0).put("delete_at", 0)
        .put("is_pinned", false).put("user_id", USER_ID).put("channel_id", channel).put("root_id", rootId)
        .put("original_id", "").put("message", message).put("type", "").put("hashtags", "")
        .put("pending_post_id", "").put("reply_count", 0);
    post.putObject("props");
    post.putObject("metadata");
    return post;
  }

  private static String newId() {
    StringBuilder id = new StringBuilder();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 26; i++) {
      id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return id.toString();
  }

  static Reply error(int status, String id, String message) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("id", id).put("message", message)
        .put("detailed_error", "").put("request_id", "req" + status).put("status_code", status);
    return Reply.json(status, body.toString());
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
    if (reply.body().length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** A reply: status, headers and body bytes. */
  record Reply(int status, Map<String, String> headers, byte[] body) {
    static Reply json(int status, String json) {
      return of(status, "application/json", json);
    }

    static Reply of(int status, String contentType, String body) {
      return new Reply(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    Reply header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body);
    }
  }

  private record Scripted(String path, Reply reply) {}

  /** One request as the peer saw it; {@code authorization} is the header, or null. */
  record Received(String method, String path, @Nullable String rawQuery, @Nullable String authorization,
      String body) {}

  /** Ids are 26 lower-case letters and digits, like Mattermost's. */
  static boolean isId(String id) {
    return id.length() == 26 && id.chars().allMatch(c -> ID_CHARS.indexOf(c) >= 0);
  }

  static Set<String> postFields() {
    return Set.of("id", "create_at", "update_at", "user_id", "channel_id", "root_id", "message", "type", "props");
  }
}
