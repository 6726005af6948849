package io.cynodeai.connector.reference.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import java.io.IOException;
import java.util.List;

/**
 * The handlers of {@code postMessage} and {@code readChannelHistory}. Inputs were validated against the
 * request schemas, so ids are Mattermost's 26-character ids and safe in a path. Answers keep the documented
 * fields of Mattermost's post and post list as they came; the engine's response schema then refuses an
 * answer whose fields are missing or of the wrong type. Stateless and thread-safe.
 */
final class MattermostOperations {
  /** The post fields passed on; others ({@code metadata}, {@code hashtags}, ...) are left out. */
  static final List<String> POST_FIELDS = List.of("id", "create_at", "update_at", "user_id", "channel_id",
      "root_id", "message", "type", "props");
  /** The post list fields passed on besides {@code posts}. */
  static final List<String> LIST_FIELDS = List.of("order", "next_post_id", "prev_post_id", "has_next");

  /** {@code POST /api/v4/posts}: creates a post, or a reply when {@code root_id} is given. */
  HandlerResult postMessage(OperationContext context, JsonNode input) throws IOException, InterruptedException {
    ObjectNode post = JsonNodeFactory.instance.objectNode()
        .put("channel_id", input.path("channel_id").asText())
        .put("message", input.path("message").asText());
    if (input.hasNonNull("root_id")) {
      post.put("root_id", input.path("root_id").asText());
    }
    MattermostApi.Reply created = MattermostApi.post(context, "/posts", post);
    return HandlerResult.of(projectPost(created.body())).withProviderStatus(created.status());
  }

  /**
   * {@code GET /api/v4/channels/{channel_id}/posts}: with {@code since}, every post created or changed since
   * then (Mattermost ignores paging then); otherwise the page {@code page} of {@code per_page} posts, newest
   * first.
   */
  HandlerResult readChannelHistory(OperationContext context, JsonNode input) throws IOException, InterruptedException {
    String query = input.has("since")
        ? "since=" + input.path("since").asLong()
        : "page=" + input.path("page").asInt(0) + "&per_page=" + input.path("per_page").asInt(60);
    MattermostApi.Reply list = MattermostApi.get(context, "/channels/" + input.path("channel_id").asText() + "/posts",
        query);
    return HandlerResult.of(projectList(list.body())).withProviderStatus(list.status());
  }

  /** The documented fields of a post; anything that is not an object is passed on for the schema to refuse. */
  static JsonNode projectPost(JsonNode post) {
    if (!post.isObject()) {
      return post;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String field : POST_FIELDS) {
      if (post.has(field)) {
        out.set(field, post.get(field));
      }
    }
    return out;
  }

  static JsonNode projectList(JsonNode list) {
    if (!list.isObject()) {
      return list;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String field : LIST_FIELDS) {
      if (list.has(field)) {
        out.set(field, list.get(field));
      }
    }
    JsonNode posts = list.get("posts");
    if (posts != null && posts.isObject()) {
      ObjectNode projected = out.putObject("posts");
      posts.properties().forEach(e -> projected.set(e.getKey(), projectPost(e.getValue())));
    } else if (posts != null) {
      out.set("posts", posts);
    }
    return out;
  }
}
