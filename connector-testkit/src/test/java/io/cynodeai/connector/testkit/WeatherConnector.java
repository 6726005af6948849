package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import io.cynodeai.connector.spi.http.RetryAfter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small weather API connector over HTTP, as an author would write it: a sync-or-async operation, a status
 * mapping (401, 404, 429 and 503 with Retry-After, other 5xx), a redaction rule. {@link Provider} is a local
 * stand-in API answering 200 for the contract checks.
 */
final class WeatherConnector {
  static final JsonNode CONFIG_SCHEMA = json("""
      {"type":"object","required":["baseUrl"],"additionalProperties":false,
       "properties":{"baseUrl":{"type":"string","format":"uri"}}}""");
  static final JsonNode REQUEST = json("""
      {"type":"object","required":["station"],"properties":{"station":{"type":"string"}}}""");
  static final JsonNode RESPONSE = json("""
      {"type":"object","required":["station","temperature"],"properties":{
        "temperature":{"type":"number"},
        "station":{"type":"object","properties":{"id":{"type":"string"},"operatorEmail":{"type":"string"}}}}}""");
  static final JsonNode ANSWER = json("""
      {"temperature":11.5,"station":{"id":"KSEA","operatorEmail":"ops@example.org"}}""");
  private static final ObjectMapper JSON = new ObjectMapper();

  private WeatherConnector() {}

  /** Declares the optional {@code apiKey} and reads it, when the instance has credentials. */
  static ConnectorType type() {
    return typeReading("apiKey");
  }

  /** Declares the optional {@code apiKey}, but reads {@code key}. */
  static ConnectorType typeReading(String key) {
    return ConnectorType.builder("weather", "1.0.0").configSchema("1", CONFIG_SCHEMA)
        .credentialKey("apiKey", "the weather API key, from the account's API page", false)
        .operation(OperationDescriptor.builder("current").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .requestSchema(REQUEST).responseSchema(RESPONSE)
            .retry(RetryPolicy.exponential(2))
            .redact("/station/operatorEmail")
            .example("seattle", json("{\"station\":\"KSEA\"}"), ANSWER)
            .handler((ctx, in) -> current(ctx, in, key)))
        .build();
  }

  static HandlerResult current(OperationContext ctx, JsonNode in, String key)
      throws IOException, InterruptedException {
    URI uri = URI.create(ctx.config().get("baseUrl").asText() + "/weather?station=" + in.get("station").asText());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET();
    if (ctx.credentials().lease().isPresent()) {
      request.header("X-Api-Key", new String(ctx.credentials().require(key)));
    }
    HttpResponse<String> reply = ctx.network().httpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int status = reply.statusCode();
    var retryAfter = RetryAfter.parse(reply.headers().firstValue("Retry-After").orElse(null), ctx.clock().instant());
    if (status == 200) {
      return HandlerResult.of(JSON.readTree(reply.body()));
    } else if (status == 401 || status == 403) {
      throw ProviderException.authRejected(status, "the weather API refused the key");
    } else if (status == 404) {
      throw ProviderException.permanentFailure("station_not_found", "no such station", null);
    } else if (status == 429 || status == 503 && retryAfter.isPresent()) {
      throw ProviderException.rateLimited(status, retryAfter.orElse(null), "the weather API asks to slow down");
    }
    throw ProviderException.transientFailure("provider_unavailable", "the weather API answered " + status, null);
  }

  /** A weather API on loopback answering every request with {@link #ANSWER}. */
  static final class Provider implements AutoCloseable {
    private final HttpServer server;
    final java.util.concurrent.atomic.AtomicReference<String> lastKey = new java.util.concurrent.atomic.AtomicReference<>();

    Provider() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/", exchange -> {
        lastKey.set(exchange.getRequestHeaders().getFirst("X-Api-Key"));
        byte[] body = ANSWER.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
      server.start();
    }

    JsonNode config() {
      return json("{\"baseUrl\":\"http://127.0.0.1:" + server.getAddress().getPort() + "\"}");
    }

    @Override
    public void close() {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
