package io.cynodeai.connector.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.Objects;

/**
 * Builds an MCP server (official MCP Java SDK) whose tools drive an engine: connector_spec_validate, _diff,
 * _apply, _list, _delete, connector_instance_status_get, connector_instance_check, connector_op_invoke (sync or
 * async) and connector_job_get, _cancel. Names use only letters, digits and underscores, as every MCP client
 * accepts ({@code ^[a-zA-Z0-9_-]{1,64}$}); each tool's §9.1 action is in {@code _meta["cynodeai.io/action"]}. Every tool call runs as {@code caller} and goes through the engine's policy. Thread-safe once built.
 */
public final class ConnectorMcpServer {
  private ConnectorMcpServer() {}

  /**
   * A server on the given transport. On the stdio transport, tool calls run on the thread that reads standard
   * input, one after another: the SDK's stdio transport hands each answer to a sink that refuses two answers
   * offered at the same moment from different threads ("Failed to enqueue message", and the client waits for
   * an answer that never comes), which happened under load when a call's answer was still being handed over
   * while the next call's answer was ready. One client on one pipe gains nothing from running calls in
   * parallel; a call that takes long (up to its operation's timeout) delays reading the next message.
   */
  public static McpSyncServer create(ConnectorEngine engine, Caller caller, McpServerTransportProvider transport) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(caller, "caller");
    McpJsonMapper mapper = mapper();
    return McpServer.sync(transport).immediateExecution(transport instanceof StdioServerTransportProvider)
        .serverInfo("cynodeai-connectors", "0.1.0-SNAPSHOT")
        .instructions("Manage connectors declaratively: validate, diff and apply ConnectorSpec documents "
            + "(apiVersion cynodeai.io/v1alpha1, kind Connector), read their status, and invoke operations.")
        .capabilities(ServerCapabilities.builder().tools(false).build())
        .tools(new ConnectorTools(engine, caller, mapper).all()).build();
  }

  /** A server on this process's standard input and output. */
  public static McpSyncServer stdio(ConnectorEngine engine, Caller caller) {
    return create(engine, caller, new StdioServerTransportProvider(mapper()));
  }

  static McpJsonMapper mapper() {
    return new JacksonMcpJsonMapper(new ObjectMapper());
  }
}
