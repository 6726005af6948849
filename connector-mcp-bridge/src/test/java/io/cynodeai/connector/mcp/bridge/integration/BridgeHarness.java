package io.cynodeai.connector.mcp.bridge.integration;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.mcp.bridge.McpServerConnector;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;

/**
 * An MCP server's connector type on the testkit's public {@link TestHost} (a real engine, allow-all policy,
 * recording audit, one enabled instance {@code mcp-1}); this fixture only adds the connector's own lifecycle: the
 * server process is closed with the host.
 */
final class BridgeHarness implements AutoCloseable {
  static final Caller ALICE = Caller.user("alice", "proj-a");
  final McpServerConnector connector;
  final TestHost host;
  final ConnectorEngine engine;
  final RecordingAuditSink audit;

  BridgeHarness(McpServerSpec spec) {
    this(spec, McpServerConnectors.load(spec));
  }

  BridgeHarness(McpServerSpec spec, McpServerConnector loaded) {
    connector = loaded;
    try {
      host = TestHost.builder(connector.type()).instanceId("mcp-1").caller(ALICE).config(JsonResources.parse("{}"))
          .start();
    } catch (RuntimeException e) {
      connector.close();
      throw e;
    }
    engine = host.engine();
    audit = host.audit();
  }

  Outcome invoke(String operation, String input) {
    return host.invoke(operation, JsonResources.parse(input));
  }

  /** A call with an idempotency key, as the engine requires for a mutating operation. */
  Outcome invokeKeyed(String operation, String input) {
    return host.invokeWithNewKey(operation, JsonResources.parse(input));
  }

  @Override
  public void close() {
    try {
      host.close();
    } finally {
      connector.close();
    }
  }
}
