package io.cynodeai.connector.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The provider stand-in of the failure-mapping checks: an HTTP server on the loopback address, on a free port,
 * giving the current {@link ProviderAnswer} to every request on every path and counting the requests.
 * Thread-safe; close it after use.
 */
final class StubProvider implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "certification-stub-provider");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<ProviderAnswer> answer = new AtomicReference<>(ProviderAnswer.status(500));
  private final AtomicInteger requests = new AtomicInteger();

  StubProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("the stub provider could not listen on loopback", e);
    }
    server.createContext("/", this::answer);
    server.setExecutor(executor);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI baseUri() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort());
  }

  /** Gives {@code value} from now on and resets the request count. */
  void answer(ProviderAnswer value) {
    answer.set(value);
    requests.set(0);
  }

  /** Requests answered since the last {@link #answer(ProviderAnswer)}. */
  int requests() {
    return requests.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
      ProviderAnswer current = answer.get();
      requests.incrementAndGet();
      for (Map.Entry<String, String> h : current.headersAt(Instant.now()).entrySet()) {
        exchange.getResponseHeaders().set(h.getKey(), h.getValue());
      }
      byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
      boolean empty = body.length == 0 || current.statusCode() == 204 || current.statusCode() == 304;
      exchange.sendResponseHeaders(current.statusCode(), empty ? -1 : body.length);
      if (!empty) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
