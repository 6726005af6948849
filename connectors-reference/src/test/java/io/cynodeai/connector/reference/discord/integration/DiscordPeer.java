package io.cynodeai.connector.reference.discord.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.discord.DiscordConnectorProvider;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A small Discord API v10 on 127.0.0.1: {@code GET /users/@me}, {@code POST} and {@code GET
 * /channels/{id}/messages} with Discord's message objects, error bodies ({@code {"message", "code"}}) and
 * status codes, {@code nonce}/{@code enforce_nonce} deduplication, and per-route rate-limit headers
 * ({@code X-RateLimit-Limit/-Remaining/-Reset-After/-Bucket}) counting down from {@link #bucketLimit}.
 * Replies can be scripted ahead of the real behaviour. Records every request. {@link #host()} points the
 * testkit's {@link TestHost} at it.
 */
final class DiscordPeer implements AutoCloseable {
  static final String TOKEN = "MTIzNDU2Nzg5MDEy.bot-token-for-tests";
  static final String BOT_ID = "1200000000000000001";
  static final String CHANNEL = "1100000000000000001";
  static final String FORBIDDEN_CHANNEL = "1100000000000000002";
  static final String MOUNT = "/api/v10";
  static final String INSTANCE = "bot";

  private static final Pattern MESSAGES = Pattern.compile(MOUNT + "/channels/([0-9]+)/messages");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<ObjectNode> messages = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ObjectNode> byNonce = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Scripted> scripted = new ConcurrentLinkedDeque<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong nextId = new AtomicLong(1_300_000_000_000_000_001L);
  private final Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
  /** Requests per bucket before {@code X-RateLimit-Remaining} reaches 0. */
  volatile int bucketLimit = 50;
  volatile String resetAfter = "1.000";

  DiscordPeer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts a peer on an ephemeral port. */
  static DiscordPeer start() {
    try {
      return new DiscordPeer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #host(DiscordConnectorProvider, String)} with the plain type and the token this peer accepts. */
  TestHost.Builder host() {
    return host(new DiscordConnectorProvider(), TOKEN);
  }

  /**
   * A test host for {@code provider}'s type against this peer: instance {@value #INSTANCE} with {@code token} as
   * its {@code token} credential, and egress allowing exactly this peer (loopback allowed explicitly).
   */
  TestHost.Builder host(DiscordConnectorProvider provider, String token) {
    return TestHost.builder(provider).instanceId(INSTANCE).secret("token", token)
        .config(json("{\"apiUrl\":\"" + apiUrl() + "\"}"))
        .egress(EgressPolicy.builder().allow("http://127.0.0.1:" + port()).allowAddressRange("127.0.0.1/32").build());
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + MOUNT);
  }

  int port() {
    return server.getAddress().getPort();
  }

  DiscordPeer script(String path, Reply reply) {
    scripted.add(new Scripted(MOUNT + path, reply));
    return this;
  }

  /** Stores a message as if someone had sent it, and returns its id. */
  String seed(String content) {
    ObjectNode message = message(CHANNEL, content, null);
    messages.add(message);
    return message.get("id").asText();
  }

  /** Requests to {@code path} below the mount. */
  List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(MOUNT + path)).toList();
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
    if (!("Bot " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return error(401, "401: Unauthorized", 0);
    }
    String method = exchange.getRequestMethod();
    Matcher channel = MESSAGES.matcher(path);
    if (method.equals("GET") && path.equals(MOUNT + "/users/@me")) {
      return Reply.json(200, "{\"id\":\"" + BOT_ID + "\",\"username\":\"deploy-bot\",\"bot\":true}");
    } else if (channel.matches() && !channel.group(1).equals(CHANNEL)) {
      return channel.group(1).equals(FORBIDDEN_CHANNEL) ? error(403, "Missing Access", 50001)
          : error(404, "Unknown Channel", 10003);
    } else if (method.equals("POST") && channel.matches()) {
      return limited(method + " messages", create(JsonResources.parse(body)));
    } else if (method.equals("GET") && channel.matches()) {
      return limited(method + " messages", list(query(exchange.getRequestURI().getRawQuery())));
    }
    return error(404, "404: Not Found", 0);
  }

  private Reply create(JsonNode in) {
    String nonce = in.path("enforce_nonce").asBoolean() ? in.path("nonce").asText(null) : null;
    if (nonce != null && byNonce.containsKey(nonce)) {
      return Reply.json(200, byNonce.get(nonce).toString());
    }
    ObjectNode message = message(CHANNEL, in.path("content").asText(),
        in.path("message_reference").path("message_id").asText(null));
    messages.add(message);
    if (nonce != null) {
      byNonce.put(nonce, message);
    }
    return Reply.json(200, message.toString());
  }

  private Reply list(Map<String, String> query) {
    int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
    List<ObjectNode> matching;
    synchronized (messages) {
      matching = new ArrayList<>(messages);
    }
    Collections.reverse(matching);
    if (query.containsKey("before")) {
      long before = Long.parseLong(query.get("before"));
      matching.removeIf(m -> m.get("id").asLong() >= before);
    }
    if (query.containsKey("after")) {
      long after = Long.parseLong(query.get("after"));
      matching.removeIf(m -> m.get("id").asLong() <= after);
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    matching.stream().limit(limit).forEach(out::add);
    return Reply.json(200, out.toString());
  }

  /** Adds the bucket's rate-limit headers, counting its remaining requests down. */
  private Reply limited(String bucket, Reply reply) {
    int left = remaining.computeIfAbsent(bucket, b -> new AtomicInteger(bucketLimit)).decrementAndGet();
    return reply.header("X-RateLimit-Limit", String.valueOf(bucketLimit))
        .header("X-RateLimit-Remaining", String.valueOf(Math.max(0, left)))
        .header("X-RateLimit-Reset-After", resetAfter)
        .header("X-RateLimit-Bucket", bucket.startsWith("POST") ? "80c17d2f203122d936070c88c8d10f33"
            : "41f9cd5d28af77da04563bcb1d67fdfd");
  }

  private ObjectNode message(String channel, String content, @Nullable String replyTo) {
    ObjectNode m = JsonNodeFactory.instance.objectNode().put("id", String.valueOf(nextId.getAndIncrement()))
        .put("channel_id", channel);
    m.putObject("author").put("id", BOT_ID).put("username", "deploy-bot").putNull("avatar")
        .put("discriminator", "0").putNull("global_name").put("bot", true);
    m.put("content", content).put("timestamp", "2024-01-01T12:00:00.000000+00:00").putNull("edited_timestamp")
        .put("tts", false).put("mention_everyone", false).put("pinned", false).put("type", replyTo == null ? 0 : 19)
        .put("flags", 0);
    m.putArray("mentions");
    m.putArray("attachments");
    m.putArray("embeds");
    if (replyTo != null) {
      m.putObject("message_reference").put("type", 0).put("message_id", replyTo).put("channel_id", channel);
    }
    return m;
  }

  static Reply error(int status, String message, int code) {
    return Reply.json(status, JsonNodeFactory.instance.objectNode().put("message", message).put("code", code)
        .toString());
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

  record Received(String method, String path, @Nullable String rawQuery, @Nullable String authorization,
      String body) {}
}
