package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.OperationContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Runs a child's forwarded HTTP request in the parent through the call's own network access, so the host's
 * egress rules, address checks and TLS apply to a sandboxed connector exactly as to an in-process one
 * (REQ-EGRESS-007). The response body is capped. Stateless.
 */
final class HttpForwarder {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
  private final int maxResponseBytes;

  HttpForwarder(int maxResponseBytes) {
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The reply to send to the child.
   *
   * @throws IOException the exchange failed in the parent (an egress denial among others); the caller keeps it
   *     and tells the child
   */
  ObjectNode forward(OperationContext ctx, JsonNode msg) throws IOException, InterruptedException {
    HttpRequest request = request(ctx, msg);
    HttpResponse<InputStream> response = ctx.network().httpClient().send(request,
        HttpResponse.BodyHandlers.ofInputStream());
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(maxResponseBytes + 1);
    }
    if (body.length > maxResponseBytes) {
      throw new IOException("the response exceeds the sandbox's limit of " + maxResponseBytes + " bytes");
    }
    ObjectNode reply = Messages.of("http_response");
    reply.put("status", response.statusCode());
    ObjectNode headers = reply.putObject("headers");
    response.headers().map().forEach((name, values) -> {
      ArrayNode a = headers.putArray(name);
      values.forEach(a::add);
    });
    reply.put("body", Base64.getEncoder().encodeToString(body));
    return reply;
  }

  static ObjectNode failure(IOException e) {
    return Messages.of("http_failure").put("timeout", e instanceof HttpTimeoutException)
        .put("message", e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private static HttpRequest request(OperationContext ctx, JsonNode msg) throws IOException {
    URI uri;
    try {
      uri = URI.create(msg.path("uri").asText());
    } catch (IllegalArgumentException e) {
      throw new IOException("the forwarded request's URI is invalid");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IOException("only http and https requests can be forwarded");
    }
    Duration timeout = ctx.timeLeft(msg.has("timeoutMillis") ? Duration.ofMillis(msg.get("timeoutMillis").asLong())
        : null);
    byte[] body = Base64.getDecoder().decode(msg.path("body").asText(""));
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(uri).timeout(timeout).method(msg.path("method").asText("GET"),
          body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      msg.path("headers").fields().forEachRemaining(e -> {
        if (!RESTRICTED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          e.getValue().forEach(v -> b.header(e.getKey(), v.asText()));
        }
      });
    } catch (IllegalArgumentException e) {
      throw new IOException("the forwarded request is invalid: " + e.getMessage());
    }
    return b.build();
  }
}
