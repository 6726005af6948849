package com.example.weather;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A stand-in for the weather API on this machine: answers the three paths the connector calls. */
final class LocalWeatherApi implements AutoCloseable {
  static final String API_KEY = "test-weather-key-1234";
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  LocalWeatherApi() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/status", exchange -> answer(exchange, "{\"ok\":true}"));
    server.createContext("/v1/current", exchange -> answer(exchange, """
        {"temperature": 11.5,
         "station": {"id": "KSEA", "name": "Seattle-Tacoma", "operatorEmail": "ops@example.org"}}"""));
    server.createContext("/v1/history", exchange -> answer(exchange, """
        {"station": "KSEA", "days": [{"date": "2026-11-30", "high": 9.5, "low": 4.0},
                                     {"date": "2026-12-01", "high": 8.0, "low": 2.5}]}"""));
    server.setExecutor(executor);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    try (exchange) {
      boolean authorized = API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"));
      byte[] body = (authorized ? json : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
