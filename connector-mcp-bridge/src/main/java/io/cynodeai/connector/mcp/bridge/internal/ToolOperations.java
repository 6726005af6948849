package io.cynodeai.connector.mcp.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** Declares an allowlisted MCP tool as an operation whose handler calls the tool. Stateless. */
public final class ToolOperations {
  private ToolOperations() {
  }

  /**
   * The operation for {@code tool}: request schema = its input schema, response schema = its output schema or
   * the wrapped-content schema, read-only when the tool says {@code readOnlyHint: true} and otherwise mutating
   * (then declaring idempotency support: the engine deduplicates keyed calls, the server never sees a repeat).
   */
  public static OperationDescriptor of(McpServerSpec spec, McpSchema.Tool tool, McpServerProcess server) {
    return of(spec, tool, McpServers.shared(server));
  }

  /** As above, calling the process that serves the call's instance. */
  public static OperationDescriptor of(McpServerSpec spec, McpSchema.Tool tool, McpServers servers) {
    boolean readOnly = tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
    boolean structured = tool.outputSchema() != null;
    JsonNode request = schema(tool.inputSchema() == null ? Map.of("type", "object") : tool.inputSchema());
    JsonNode response = structured ? schema(tool.outputSchema()) : ToolResults.wrappedContentSchema();
    String description = tool.description() != null ? tool.description()
        : tool.title() != null ? tool.title() : "The MCP tool " + tool.name();
    OperationHandler handler = (context, input) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> arguments = ToolResults.JSON.convertValue(input, Map.class);
      McpSchema.CallToolResult result;
      try (McpServers.Use use = servers.use(context.instanceId());
          AutoCloseable call = use.process().begin(context)) {
        result = use.process().call(tool.name(), arguments, McpServers.meta(spec, context), context.timeLeft(null));
      }
      return HandlerResult.of(ToolResults.answer(tool.name(), result, structured));
    };
    return OperationDescriptor.builder(tool.name())
        .description(description)
        .modes(ExecutionMode.SYNC)
        .maxTimeout(spec.callTimeout())
        .mutating(!readOnly)
        .supportsIdempotency(!readOnly)
        .requestSchema(request)
        .responseSchema(response)
        .handler(handler)
        .build();
  }

  private static JsonNode schema(Object schema) {
    JsonNode tree = ToolResults.JSON.valueToTree(schema);
    if (tree instanceof ObjectNode object) {
      // the engine validates with draft 7 whatever the server names; a 2020-12 "$schema" would be refused
      object.remove("$schema");
    }
    return tree;
  }
}
