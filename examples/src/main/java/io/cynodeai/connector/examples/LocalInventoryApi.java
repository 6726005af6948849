package io.cynodeai.connector.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a real API: the JDK's HTTP server on 127.0.0.1 and an ephemeral port, answering {@code GET
 * /status} with a small JSON document and everything else with 404. Thread-safe.
 */
final class LocalInventoryApi implements AutoCloseable {
  static final String STATUS_JSON = """
      {"service":"inventory","healthy":true,"items":[{"sku":"A-100","stock":12},{"sku":"B-200","stock":0}]}""";

  private final HttpServer server;

  private LocalInventoryApi(HttpServer server) {
    this.server = server;
  }

  static LocalInventoryApi start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", LocalInventoryApi::handle);
      server.start();
      return new LocalInventoryApi(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local inventory API", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try {
      if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/status")) {
        byte[] body = STATUS_JSON.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Request-Id", "inv-" + System.nanoTime());
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
