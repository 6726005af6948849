package io.cynodeai.connector.mcp.bridge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.mcp.bridge.internal.McpServerProcess;
import io.cynodeai.connector.mcp.bridge.internal.ToolOperations;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns an MCP server (stdio) into a connector type: starts it, initializes an MCP client session (the official
 * MCP Java SDK), lists its tools and declares each allowlisted tool as an operation. The engine then governs
 * every call like any other: policy, schema validation before the server sees the input, limits, idempotency,
 * audit, redaction, response caps.
 *
 * <pre>{@code
 * McpServerConnector everything = McpServerConnectors.load(
 *     McpServerSpec.builder("everything", "node").args("/opt/everything/dist/index.js", "stdio")
 *         .allowTools("echo", "get-sum").build());
 * ConnectorEngine engine = ConnectorEngines.builder().register(everything.type()).build();
 * }</pre>
 *
 * <p>Isolation: none beyond a separate process with an empty environment; the process runs with the host's
 * user, file system and network (see docs/mcp-bridge.md).
 */
public final class McpServerConnectors {
  private static final Pattern OPERATION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

  private McpServerConnectors() {
  }

  /**
   * Starts the server and declares its type. Blocks up to the spec's start timeout.
   *
   * @throws ConnectorException if the server does not start, initialize and list its tools in time, or an
   *     allowlisted tool is missing from the server or has a name that cannot be an operation name; the process
   *     is stopped then
   */
  public static McpServerConnector load(McpServerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    McpServerProcess server = new McpServerProcess(spec);
    try {
      Map<String, McpSchema.Tool> offered = server.listTools(spec.startTimeout()).stream()
          .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity(), (a, b) -> a));
      List<String> problems = new ArrayList<>();
      ConnectorType.Builder type = ConnectorType.builder(spec.typeName(), spec.typeVersion())
          .description("The MCP server '" + spec.command() + "': tools " + new TreeSet<>(spec.allowedTools()))
          .configSchema("1", JsonNodeFactory.instance.objectNode().put("type", "object"))
          .healthCheck(context -> {
            server.ping(context.timeLeft(null));
            return HealthResult.healthy();
          });
      for (String name : new TreeSet<>(spec.allowedTools())) {
        McpSchema.Tool tool = offered.get(name);
        if (tool == null) {
          problems.add("allowlisted tool '" + name + "' is not offered by the server");
        } else if (!OPERATION_NAME.matcher(name).matches()) {
          problems.add("allowlisted tool '" + name + "' cannot be an operation name (" + OPERATION_NAME + ")");
        } else {
          type.operation(ToolOperations.of(spec, tool, server));
        }
      }
      if (!problems.isEmpty()) {
        throw new ConnectorException("MCP server for connector type '" + spec.typeName() + "': "
            + String.join("; ", problems));
      }
      return new McpServerConnector(type.build(), server);
    } catch (ConnectorException e) {
      server.close();
      throw e;
    } catch (Exception e) {
      server.close();
      throw new ConnectorException("MCP server for connector type '" + spec.typeName() + "' could not be loaded: "
          + e.getMessage(), e);
    }
  }
}
