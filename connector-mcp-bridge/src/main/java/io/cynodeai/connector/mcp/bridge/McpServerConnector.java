package io.cynodeai.connector.mcp.bridge;

import io.cynodeai.connector.mcp.bridge.internal.McpServers;
import io.cynodeai.connector.spi.ConnectorType;

/**
 * A running MCP server and the connector type its allowlisted tools make up. Register {@link #type()} with an
 * engine; close this when the engine closes, which stops the server process. Thread-safe.
 */
public final class McpServerConnector implements AutoCloseable {
  private final ConnectorType type;
  private final McpServers server;

  McpServerConnector(ConnectorType type, McpServers server) {
    this.type = type;
    this.server = server;
  }

  /** The connector type: one operation per allowlisted tool, a health check that pings the server. */
  public ConnectorType type() {
    return type;
  }

  /**
   * How many times a server process was started: 1, plus one per restart after it died (with a process per
   * instance: the one that listed the tools at load, plus each instance's).
   */
  public int processStarts() {
    return server.starts();
  }

  /** Stops the server process(es); the type's operations fail from then on. Idempotent. */
  @Override
  public void close() {
    server.close();
  }
}
