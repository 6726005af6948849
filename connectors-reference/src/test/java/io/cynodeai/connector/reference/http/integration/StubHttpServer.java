package io.cynodeai.connector.reference.http.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.reference.http.HttpConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server (the JDK's) on 127.0.0.1 and an ephemeral port, serving an API below a mount path. Each
 * path answers its scripted replies in order, repeating the last one; unscripted paths answer 404. Every
 * request is recorded. Handlers run on their own threads, so a slow reply never blocks the others. {@link
 * #host()} points the testkit's {@link TestHost} at it.
 */
final class StubHttpServer implements AutoCloseable {
  static final String INSTANCE = "api";

  private final String mount;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  private StubHttpServer(String mount) throws IOException {
    this.mount = mount;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts a server whose API lives below {@code mount} ({@code "/api"}). */
  static StubHttpServer start(String mount) {
    try {
      return new StubHttpServer(mount);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the stub server", e);
    }
  }

  /** The API's base URL, {@code http://127.0.0.1:<port>/api}. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + mount);
  }

  /** The {@code http} connector's config for this server: {@code {"baseUrl":"<baseUrl>"}}. */
  ObjectNode config() {
    return ((ObjectNode) json("{}")).put("baseUrl", baseUrl().toString());
  }

  /**
   * A test host for the {@code http} connector with its defaults, instance {@value #INSTANCE} configured for this
   * server; the host's default egress (loopback only) lets it through.
   */
  TestHost.Builder host() {
    return host(new HttpConnectorProvider());
  }

  /** {@link #host()} for {@code provider}'s type. */
  TestHost.Builder host(HttpConnectorProvider provider) {
    return TestHost.builder(provider).instanceId(INSTANCE).config(config());
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  /** Scripts the replies of {@code path} (below the mount): served in order, the last one repeated. */
  StubHttpServer on(String path, Reply... replies) {
    scripts.put(path, new ConcurrentLinkedDeque<>(List.of(replies)));
    return this;
  }

  /** The requests received for {@code path} (below the mount), oldest first. */
  List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  /** Every request received, oldest first (including the engine's health checks). */
  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String rawPath = exchange.getRequestURI().getRawPath();
      String path = rawPath.startsWith(mount) ? rawPath.substring(mount.length()) : rawPath;
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
          body, System.nanoTime()));
      Reply reply = next(path);
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      boolean empty = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } finally {
      exchange.close();
    }
  }

  private Reply next(String path) {
    Deque<Reply> script = scripts.get(path);
    if (script == null) {
      return Reply.status(404);
    }
    Reply reply = script.size() > 1 ? script.pollFirst() : script.peekFirst();
    return reply != null ? reply : Reply.status(404);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** One scripted reply. */
  record Reply(int status, Map<String, String> headers, byte[] body, Duration delay) {
    Reply {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(delay, "delay");
    }

    static Reply status(int status) {
      return new Reply(status, Map.of(), new byte[0], Duration.ZERO);
    }

    static Reply json(int status, String json) {
      return body(status, "application/json", json);
    }

    static Reply body(int status, String contentType, String body) {
      return new Reply(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8),
          Duration.ZERO);
    }

    Reply header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body, delay);
    }

    /** The same reply, sent only after {@code wait}. */
    Reply after(Duration wait) {
      return new Reply(status, headers, body, wait);
    }
  }

  /**
   * One request as the server saw it.
   *
   * @param path the raw path below the mount
   * @param rawQuery the raw query, or null when there was none
   * @param headers lower-case names
   * @param nanoTime when it arrived, by {@link System#nanoTime()}
   */
  record Received(String method, String path, @Nullable String rawQuery, Map<String, String> headers, String body,
      long nanoTime) {}
}
