package io.cynodeai.connector.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.cynodeai.connector.spi.ConnectorType;
import java.util.List;
import java.util.Objects;

/**
 * Builds an MCP server (official MCP Java SDK) whose tools drive an engine: connector_discover,
 * connector_catalog_list, connector_spec_validate, _diff, _apply, _list, _delete, connector_instance_status_get,
 * connector_instance_check, connector_instance_install, _enable, _disable, _uninstall, connector_op_invoke (sync
 * or async) and connector_job_get, _cancel; and resources describing the spec schema, the connector types, the
 * caller's instances and example specs. Names use only letters, digits, underscores and hyphens, as every MCP
 * client accepts ({@code ^[a-zA-Z0-9_-]{1,64}$}); each tool's §9.1 action is in {@code
 * _meta["cynodeai.io/action"]}. Every tool call runs as {@code caller} and goes through the engine's policy.
 * Thread-safe once built.
 */
public final class ConnectorMcpServer {
  static final String INSTRUCTIONS = "Manage connectors declaratively: validate, diff and apply ConnectorSpec "
      + "documents (apiVersion cynodeai.io/v1alpha1, kind Connector), read their status, and invoke operations. "
      + "Call connector_discover first: it lists the connector types, their operations with request schemas "
      + "and examples, and the instances you may use.";

  private ConnectorMcpServer() {}

  /**
   * A server on the given transport. Tool calls run on the SDK's worker threads, not on the transport's
   * reader, so a slow call does not hold up a ping or another call; {@link StdioLineTransport} serializes the
   * answers and cancels a call on {@code notifications/cancelled}. The server logs each tool call's outcome to
   * the client (MCP logging, at the level the client sets) and reports progress when a call carries a {@code
   * progressToken}.
   */
  public static McpSyncServer create(ConnectorEngine engine, Caller caller, McpServerTransportProvider transport) {
    return create(engine, caller, transport, Discovery.classPathTypes());
  }

  /**
   * {@link #create(ConnectorEngine, Caller, McpServerTransportProvider)} for an engine whose connector types were
   * registered explicitly: {@code types} are the ones {@code connector_discover} and the resources describe (by
   * default, the types on the class path).
   */
  public static McpSyncServer create(ConnectorEngine engine, Caller caller, McpServerTransportProvider transport,
      List<ConnectorType> types) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(caller, "caller");
    McpJsonMapper mapper = mapper();
    Discovery discovery = new Discovery(types, engine, caller);
    return McpServer.sync(transport).immediateExecution(false)
        .serverInfo("cynodeai-connectors", "0.1.0-SNAPSHOT")
        .instructions(INSTRUCTIONS)
        .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).logging()
            .build())
        .resources(discovery.resources()).prompts(Prompts.all())
        .tools(new ConnectorTools(engine, caller, mapper, transport instanceof StdioLineTransport stdio
            ? stdio.calls() : new RunningCalls(), discovery).all()).build();
  }

  /** A server on this process's standard input and output ({@link StdioLineTransport}). */
  public static McpSyncServer stdio(ConnectorEngine engine, Caller caller) {
    return create(engine, caller, new StdioLineTransport(mapper(), System.in, System.out));
  }

  /** The JSON mapper the server and its transports use (Jackson, the SDK's defaults). */
  public static McpJsonMapper mapper() {
    return new JacksonMcpJsonMapper(new ObjectMapper());
  }
}
