package io.cynodeai.connector.reference.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/**
 * The handlers of {@code get} and {@code send}: one request per attempt, through the instance's HTTP client
 * (which enforces egress rules and never follows redirects). Stateless and thread-safe.
 *
 * <p>Network failures propagate as {@link IOException}s (the engine classifies them as transient) and an
 * interruption as {@link InterruptedException} (the engine interrupts a call that outlived its timeout).
 */
final class HttpOperations {

  HandlerResult get(OperationContext context, JsonNode input) throws IOException, InterruptedException {
    return exchange(context, HttpCall.get(input));
  }

  HandlerResult send(OperationContext context, JsonNode input) throws IOException, InterruptedException {
    return exchange(context, HttpCall.send(input));
  }

  private static HandlerResult exchange(OperationContext context, HttpCall call)
      throws IOException, InterruptedException {
    HttpConfig config = HttpConfig.from(context.config());
    HttpRequest request = RequestFactory.call(config, call, RequestFactory.timeout(config, context),
        CredentialHeaders.of(config, context.credentials()));
    HttpResponse<InputStream> response = context.network().httpClient().send(request, BodyHandlers.ofInputStream());
    int status = response.statusCode();
    context.logger().log(Level.DEBUG, () -> call.describe() + " -> HTTP " + status + " (attempt "
        + context.attempt() + ")");
    try (InputStream body = response.body()) {
      ResponseMapper.checkStatus(call, status, response.headers(), context.clock().instant());
      return ResponseMapper.toResult(call, status, response.headers(), ResponseMapper.readBody(call, status, body));
    }
  }
}
