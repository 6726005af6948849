package io.cynodeai.connector.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.api.webhook.WebhookService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Mounts a {@link WebhookService} on the JDK's built-in HTTP server ({@code com.sun.net.httpserver}), for hosts
 * without a web framework and as the model for one: {@code server.createContext("/webhooks", new
 * WebhookHttpHandler(engine.webhooks()))} serves {@code POST /webhooks/{instance}/{subscription}}. It reads at
 * most {@link WebhookService#maxBodyBytes()} + 1 bytes of a body (so an oversized one is refused without
 * being buffered), hands the request to {@link WebhookService#deliver}, and answers with the result's status:
 * the connector's reply JSON for an accepted delivery, {@code {"error": code, "message": ...}} for a refused
 * one. Any other method is 405, any other path 404. Thread-safe.
 */
public final class WebhookHttpHandler implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebhookService service;
  private final Clock clock;

  public WebhookHttpHandler(WebhookService service) {
    this(service, Clock.systemUTC());
  }

  public WebhookHttpHandler(WebhookService service, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String context = exchange.getHttpContext().getPath();
      String rest = exchange.getRequestURI().getRawPath().substring(Math.min(context.length(),
          exchange.getRequestURI().getRawPath().length()));
      String[] parts = rest.startsWith("/") ? rest.substring(1).split("/", -1) : rest.split("/", -1);
      if (!exchange.getRequestMethod().equals("POST")) {
        answer(exchange, 405, error("method_not_allowed", "POST only"));
        return;
      }
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        answer(exchange, 404, error("not_found", "no such webhook endpoint"));
        return;
      }
      byte[] body = readAtMost(exchange.getRequestBody(), service.maxBodyBytes() + 1);
      WebhookResult result = service.deliver(decode(parts[0]), decode(parts[1]),
          new WebhookDelivery(exchange.getRequestHeaders(), body, clock.instant()));
      JsonNode reply = result instanceof WebhookResult.Accepted a ? a.reply()
          : result instanceof WebhookResult.Duplicate d ? d.reply()
          : error(((WebhookResult.Rejected) result).code(), ((WebhookResult.Rejected) result).message());
      answer(exchange, result.httpStatus(), reply);
    }
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static JsonNode error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    return in.readNBytes(limit);
  }

  private static void answer(HttpExchange exchange, int status, @Nullable JsonNode body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
