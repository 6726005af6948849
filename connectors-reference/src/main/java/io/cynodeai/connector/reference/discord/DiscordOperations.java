package io.cynodeai.connector.reference.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The handlers of {@code createMessage} and {@code getChannelMessages}. Inputs were validated against the
 * request schemas, so channel and message ids are snowflakes (digits) and safe in a path. Answers keep the
 * documented fields of Discord's message object as they came; the engine's response schema refuses missing
 * fields and wrong types. When a successful call leaves its rate-limit bucket empty, the result reports the
 * bucket's reset to the engine ({@link HandlerResult#withQuotaReset}), which holds the instance's next calls
 * until then. Stateless and thread-safe.
 */
final class DiscordOperations {
  static final List<String> MESSAGE_FIELDS = List.of("id", "channel_id", "author", "content", "timestamp",
      "edited_timestamp", "type", "message_reference");
  static final List<String> AUTHOR_FIELDS = List.of("id", "username", "global_name", "bot");

  /**
   * {@code POST /channels/{channel_id}/messages}. A caller's {@code nonce} is sent with {@code
   * enforce_nonce}, so Discord itself answers a repeat within a few minutes with the message already created.
   */
  HandlerResult createMessage(OperationContext context, JsonNode input) throws IOException, InterruptedException {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("content", input.path("content").asText());
    if (input.hasNonNull("nonce")) {
      body.put("nonce", input.path("nonce").asText()).put("enforce_nonce", true);
    }
    if (input.has("message_reference")) {
      body.set("message_reference", input.get("message_reference"));
    }
    DiscordApi.Reply reply = DiscordApi.post(context,
        "/channels/" + input.path("channel_id").asText() + "/messages", body);
    return withQuota(HandlerResult.of(projectMessage(reply.body())), reply);
  }

  /** {@code GET /channels/{channel_id}/messages?limit=&before=|after=}: newest first, as Discord returns them. */
  HandlerResult getChannelMessages(OperationContext context, JsonNode input) throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder("limit=").append(input.path("limit").asInt(50));
    for (String cursor : List.of("before", "after")) {
      if (input.hasNonNull(cursor)) {
        query.append('&').append(cursor).append('=').append(input.path(cursor).asText());
      }
    }
    DiscordApi.Reply reply = DiscordApi.get(context,
        "/channels/" + input.path("channel_id").asText() + "/messages", query.toString());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (reply.body().isArray()) {
      ArrayNode messages = out.putArray("messages");
      reply.body().forEach(m -> messages.add(projectMessage(m)));
    } else {
      out.set("messages", reply.body());
    }
    return withQuota(HandlerResult.of(out), reply);
  }

  private static HandlerResult withQuota(HandlerResult result, DiscordApi.Reply reply) {
    HandlerResult answered = result.withProviderStatus(reply.status());
    Optional<DiscordReplies.ExhaustedBucket> exhausted = DiscordReplies.exhaustedBucket(reply.headers());
    return exhausted.map(e -> answered.withQuotaReset(e.resetAfter()).withWarning("Discord rate-limit bucket "
        + e.bucket() + " is exhausted; further calls wait " + e.resetAfter().toMillis() + " ms for its reset"))
        .orElse(answered);
  }

  /** The documented fields of a message; anything that is not an object is passed on for the schema to refuse. */
  static JsonNode projectMessage(JsonNode message) {
    if (!message.isObject()) {
      return message;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String field : MESSAGE_FIELDS) {
      if (message.has(field)) {
        out.set(field, field.equals("author") ? projectAuthor(message.get(field)) : message.get(field));
      }
    }
    return out;
  }

  private static JsonNode projectAuthor(JsonNode author) {
    if (!author.isObject()) {
      return author;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String field : AUTHOR_FIELDS) {
      if (author.has(field)) {
        out.set(field, author.get(field));
      }
    }
    return out;
  }
}
