package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.mcp.bridge.McpServerConnector;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.JsonResources;
import java.util.UUID;

/** A real engine (allow-all policy, recording audit) with one enabled instance of an MCP server's type. */
final class BridgeHarness implements AutoCloseable {
  static final Caller ALICE = Caller.user("alice", "proj-a");
  final RecordingAuditSink audit = new RecordingAuditSink();
  final McpServerConnector connector;
  final ConnectorEngine engine;

  BridgeHarness(McpServerSpec spec) {
    this(spec, McpServerConnectors.load(spec));
  }

  BridgeHarness(McpServerSpec spec, McpServerConnector loaded) {
    connector = loaded;
    engine = ConnectorEngines.builder().register(connector.type()).auditSink(audit)
        .policy(PolicyEngine.allowAll()).build();
    LifecycleOutcome installed = engine.instances().install(InstanceDefinition.builder("mcp-1", spec.typeName())
        .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    assertThat(installed).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable("mcp-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  Outcome invoke(String operation, String input) {
    return engine.invoke(InvocationRequest.of("mcp-1", operation, JsonResources.parse(input), ALICE));
  }

  /** A call with an idempotency key, as the engine requires for a mutating operation. */
  Outcome invokeKeyed(String operation, String input) {
    return engine.invoke(InvocationRequest.of("mcp-1", operation, JsonResources.parse(input), ALICE)
        .withIdempotencyKey(UUID.randomUUID().toString()));
  }

  @Override
  public void close() {
    engine.close();
    connector.close();
  }
}
