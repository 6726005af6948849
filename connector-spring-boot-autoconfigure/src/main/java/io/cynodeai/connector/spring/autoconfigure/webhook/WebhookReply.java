package io.cynodeai.connector.spring.autoconfigure.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.webhook.WebhookResult;
import org.jspecify.annotations.Nullable;

/**
 * What the webhook endpoint answers, exactly as the library's {@code WebhookHttpHandler} does: the result's
 * status, with the connector's reply JSON for an accepted or duplicate delivery (no body when it has none) and
 * {@code {"error": code, "message": ...}} for a refused one. Immutable.
 *
 * @param status the HTTP status
 * @param body the JSON body, or null for none
 */
record WebhookReply(int status, byte @Nullable [] body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static WebhookReply of(WebhookResult result) {
    JsonNode reply = result instanceof WebhookResult.Accepted a ? a.reply()
        : result instanceof WebhookResult.Duplicate d ? d.reply()
        : error(((WebhookResult.Rejected) result).code(), ((WebhookResult.Rejected) result).message());
    return new WebhookReply(result.httpStatus(), reply == null ? null : bytes(reply));
  }

  static WebhookReply methodNotAllowed() {
    return new WebhookReply(405, bytes(error("method_not_allowed", "POST only")));
  }

  static WebhookReply notFound() {
    return new WebhookReply(404, bytes(error("not_found", "no such webhook endpoint")));
  }

  private static JsonNode error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
