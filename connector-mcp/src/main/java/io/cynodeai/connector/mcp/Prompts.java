package io.cynodeai.connector.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;

/** The server's prompts: {@code connect_a_service}, the declarative flow an agent follows to set up a connector. */
final class Prompts {
  private Prompts() {}

  static List<SyncPromptSpecification> all() {
    Prompt connect = new Prompt("connect_a_service", "Connect a service",
        "Set up a connector declaratively: discover, write a spec, validate, diff, apply, check status, invoke",
        List.of(new PromptArgument("type", "The connector type to use (e.g. http, imap); omitted: choose one",
            false), new PromptArgument("goal", "What the connection is for", false)));
    return List.of(new SyncPromptSpecification(connect, (exchange, request) -> {
      Object type = request.arguments() == null ? null : request.arguments().get("type");
      Object goal = request.arguments() == null ? null : request.arguments().get("goal");
      String text = "Set up a connector" + (type == null ? "" : " of type " + type)
          + (goal == null ? "" : " for: " + goal) + ".\n"
          + "1. Call connector_discover" + (type == null ? "" : " with {\"type\": \"" + type + "\"}")
          + " to read the type's config_schema, its operations and their request schemas.\n"
          + "2. Write one ConnectorSpec (apiVersion cynodeai.io/v1alpha1, kind Connector; see the resources "
          + Discovery.SCHEMA_URI + " and " + Discovery.EXAMPLES_URI + "). Name secrets with secretRef, never "
          + "put a secret value in the spec.\n"
          + "3. connector_spec_validate, then connector_spec_diff: fix every problem it reports (pointer, line, "
          + "column) before going on.\n"
          + "4. connector_spec_apply, then connector_instance_status_get: the status must be active; if not, "
          + "read last_error.\n"
          + "5. connector_op_invoke with the instance's name, an operation and an input valid against its "
          + "request_schema.";
      return new GetPromptResult("Connect a service", List.of(new PromptMessage(Role.USER, new TextContent(text))));
    }));
  }
}
