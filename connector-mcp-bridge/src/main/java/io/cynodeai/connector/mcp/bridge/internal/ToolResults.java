package io.cynodeai.connector.mcp.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.ProviderException;
import io.modelcontextprotocol.spec.McpSchema;

/** Turns a tool's result into an operation's answer, or its {@code isError} result into a typed failure. */
final class ToolResults {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE_CHARS = 200;

  private ToolResults() {
  }

  /** The schema of the answer of a tool without an output schema: its text, and its content blocks. */
  static JsonNode wrappedContentSchema() {
    ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
    schema.putArray("required").add("text").add("content");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("text").put("type", "string");
    properties.putObject("content").put("type", "array").putObject("items").put("type", "object");
    return schema;
  }

  /**
   * The answer: the structured content when the tool declares an output schema, else the text blocks joined
   * and each block's kind.
   *
   * @throws ProviderException {@code tool_error} (permanent) for an {@code isError} result, with the tool's text
   *     truncated; the call's arguments are never part of it
   */
  static JsonNode answer(String tool, McpSchema.CallToolResult result, boolean structured) {
    if (Boolean.TRUE.equals(result.isError())) {
      throw ProviderException.permanentFailure("tool_error",
          "the MCP tool '" + tool + "' reported an error: " + truncate(text(result)), null);
    }
    if (structured) {
      if (result.structuredContent() == null) {
        throw ProviderException.permanentFailure("tool_output_missing",
            "the MCP tool '" + tool + "' declares an output schema but returned no structured content", null);
      }
      return JSON.valueToTree(result.structuredContent());
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("text", text(result));
    ArrayNode blocks = answer.putArray("content");
    for (McpSchema.Content content : result.content() == null ? java.util.List.<McpSchema.Content>of()
        : result.content()) {
      ObjectNode block = blocks.addObject().put("type", content.type());
      if (content instanceof McpSchema.TextContent text) {
        block.put("text", text.text());
      } else if (content instanceof McpSchema.ImageContent image) {
        block.put("mimeType", image.mimeType());
      } else if (content instanceof McpSchema.AudioContent audio) {
        block.put("mimeType", audio.mimeType());
      } else if (content instanceof McpSchema.ResourceLink link) {
        block.put("uri", link.uri());
      }
    }
    return answer;
  }

  private static String text(McpSchema.CallToolResult result) {
    StringBuilder text = new StringBuilder();
    for (McpSchema.Content content : result.content() == null ? java.util.List.<McpSchema.Content>of()
        : result.content()) {
      if (content instanceof McpSchema.TextContent block) {
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(block.text());
      }
    }
    return text.toString();
  }

  /** At most 200 characters of a server's message, one line. */
  static String truncate(String message) {
    String line = message.replaceAll("[\\r\\n\\t]+", " ").strip();
    return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
