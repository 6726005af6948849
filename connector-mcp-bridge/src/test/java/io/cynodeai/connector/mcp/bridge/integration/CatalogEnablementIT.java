package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.catalog.CatalogOutcome;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.catalog.FeatureFlag.Scope;
import io.cynodeai.connector.core.catalog.InMemoryCatalogStore;
import io.cynodeai.connector.core.catalog.SecurityReview.Verdict;
import io.cynodeai.connector.mcp.bridge.McpServerConnector;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The catalog governs an MCP server's connector type like any other (REQ-GOV-004): not approved, it cannot be
 * installed; approved, a feature flag per project, group or globally refuses its calls for the tenants it names
 * at once — before the server sees them (its own call counter proves it).
 */
@Tag("REQ-GOV-004")
class CatalogEnablementIT {
  private static final Caller DEV = Caller.user("dev", "proj-a");
  private static final Caller SEC = Caller.user("sec", "proj-a");
  private static final Caller LEAD = Caller.user("lead", "proj-a");
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final Caller BOB = Caller.user("bob", "proj-b");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final ConnectorCatalog catalog = ConnectorCatalog.create(new InMemoryCatalogStore(),
      PolicyEngine.allowAll(), audit, Clock.systemUTC());
  private McpServerConnector connector;
  private ConnectorEngine engine;

  @BeforeEach
  void start() throws Exception {
    connector = McpServerConnectors.load(McpServerSpec.builder("hostile", "node")
        .args(NodeServers.hostile().toString()).allowTools("calls").build());
    engine = ConnectorEngines.builder().register(connector.type()).policy(PolicyEngine.allowAll())
        .auditSink(audit).catalog(catalog).build();
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    if (connector != null) {
      connector.close();
    }
  }

  private LifecycleOutcome installAndEnable(String id, Caller owner) {
    LifecycleOutcome installed = engine.instances().install(InstanceDefinition.builder(id, "hostile")
        .config(JsonResources.parse("{}")).owner(OwnerScope.user(owner.userId())).projectId(owner.projectId())
        .build(), owner);
    return installed instanceof LifecycleOutcome.Refused ? installed : engine.instances().enable(id, owner);
  }

  private Outcome calls(String id, Caller caller) {
    return engine.invoke(InvocationRequest.of(id, "calls", JsonResources.parse("{}"), caller));
  }

  /** The server's own count of the tool calls it received. */
  private int serverCalls(String id, Caller caller) {
    Outcome outcome = calls(id, caller);
    assertThat(outcome).isInstanceOf(Succeeded.class);
    return ((Succeeded) outcome).response().data().get("calls").asInt();
  }

  private static void assertRefused(Object outcome, String code) {
    Failed failure = outcome instanceof LifecycleOutcome.Refused r ? r.failure() : (Failed) outcome;
    assertThat(failure.failureClass()).as(failure.message()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(failure.code()).as(failure.message()).isEqualTo(code);
  }

  private static void applied(CatalogOutcome<?> outcome) {
    assertThat(outcome).as(outcome instanceof CatalogOutcome.Refused<?> r ? r.failure().code() + ": "
        + r.failure().message() : "").isInstanceOf(CatalogOutcome.Applied.class);
  }

  @Test
  void anUnapprovedMcpTypeCannotBeInstalled() {
    assertRefused(installAndEnable("a1", ALICE), "not_approved");
  }

  @Test
  void projectAndGlobalFlagsApplyToTheBridgedServersCalls() {
    applied(catalog.submit(connector.type(), DEV));
    applied(catalog.recordReview("hostile", "1.0.0", Verdict.PASSED, "a test server, tools allowlisted", SEC));
    applied(catalog.approve("hostile", "1.0.0", "the test server", LEAD));
    assertThat(installAndEnable("a1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(installAndEnable("b1", BOB)).isInstanceOf(LifecycleOutcome.Applied.class);
    int first = serverCalls("a1", ALICE);

    applied(catalog.setFlag("hostile", null, Scope.PROJECT, "proj-b", false, LEAD));
    assertRefused(calls("b1", BOB), "feature_disabled");
    assertThat(serverCalls("a1", ALICE)).as("project b's refused call never reached the server")
        .isEqualTo(first + 1);

    applied(catalog.setFlag("hostile", null, Scope.GLOBAL, null, false, LEAD));
    assertRefused(calls("a1", ALICE), "feature_disabled");
    applied(catalog.setFlag("hostile", null, Scope.PROJECT, "proj-a", true, LEAD));
    assertThat(serverCalls("a1", ALICE)).isEqualTo(first + 2);
    assertRefused(calls("b1", BOB), "feature_disabled");

    applied(catalog.setFlag("hostile", null, Scope.GLOBAL, null, true, LEAD));
    applied(catalog.setFlag("hostile", null, Scope.PROJECT, "proj-b", true, LEAD));
    assertThat(serverCalls("b1", BOB)).isEqualTo(first + 3);
  }
}
