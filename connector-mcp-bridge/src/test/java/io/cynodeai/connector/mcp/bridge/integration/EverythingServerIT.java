package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference MCP server nobody here wrote ({@code @modelcontextprotocol/server-everything}, from the npm
 * registry) as a governed connector type in a real engine.
 */
class EverythingServerIT {
  private static BridgeHarness host;

  @BeforeAll
  static void start() throws Exception {
    host = new BridgeHarness(spec(NodeServers.everything()).allowTools("echo", "get-sum", "get-structured-content")
        .build());
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  static McpServerSpec.Builder spec(Path everything) {
    return McpServerSpec.builder("everything", "node").args(everything.toString(), "stdio");
  }

  @Test
  void onlyAllowlistedToolsBecomeOperationsWithTheirSchemasAndHints() {
    assertThat(host.connector.type().operations()).extracting(OperationDescriptor::name)
        .containsExactly("echo", "get-structured-content", "get-sum");
    OperationDescriptor echo = host.connector.type().operation("echo").orElseThrow();
    assertThat(echo.mutating()).isFalse();
    assertThat(echo.requestSchema().at("/properties/message/type").asText()).isEqualTo("string");
    assertThat(echo.requestSchema().at("/required/0").asText()).isEqualTo("message");
    assertThat(host.connector.type().operation("get-structured-content").orElseThrow().responseSchema()
        .at("/properties/temperature/type").asText()).isEqualTo("number");
  }

  @Test
  void echoRunsGovernedWithOneAuditEventPerCall() {
    host.audit.clear();
    Outcome outcome = host.invoke("echo", "{\"message\":\"hello bridge\"}");

    assertThat(outcome).isInstanceOf(Succeeded.class);
    JsonNode data = ((Succeeded) outcome).response().data();
    assertThat(data.get("text").asText()).isEqualTo("Echo: hello bridge");
    assertThat(data.at("/content/0/type").asText()).isEqualTo("text");
    List<AuditEvent> calls = host.audit.events(e -> e.type() == AuditEventType.INVOCATION);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).operation()).isEqualTo("echo");
    assertThat(calls.get(0).connectorType()).isEqualTo("everything");
    assertThat(calls.get(0).outcome()).isEqualTo(AuditEvent.SUCCEEDED);
  }

  @Test
  void getSumAddsAndABadInputIsRefusedBeforeTheServerSeesIt() {
    Outcome sum = host.invoke("get-sum", "{\"a\":2,\"b\":40}");
    assertThat(((Succeeded) sum).response().data().get("text").asText()).contains("is 42");

    host.audit.clear();
    Outcome bad = host.invoke("get-sum", "{\"a\":\"two\",\"b\":40}");

    assertThat(bad).isInstanceOf(Failed.class);
    Failed failed = (Failed) bad;
    assertThat(failed.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(failed.violations()).extracting(v -> v.pointer()).contains("/a");
    assertThat(host.audit.events(e -> e.type() == AuditEventType.INVOCATION)).singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo(failed.code()));
  }

  @Test
  void structuredContentIsTheAnswerAndMatchesTheOutputSchema() {
    Outcome outcome = host.invoke("get-structured-content", "{\"location\":\"Chicago\"}");

    JsonNode data = ((Succeeded) outcome).response().data();
    assertThat(data.get("temperature").isNumber()).isTrue();
    assertThat(data.get("conditions").asText()).isNotBlank();
  }

  @Test
  void aToolOutsideTheAllowlistIsAnUnknownOperation() {
    Outcome outcome = host.invoke("get-env", "{}");

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).code()).isEqualTo("unknown_operation");
  }

  @Test
  void theServerSeesOnlyTheGivenEnvironment() throws Exception {
    try (BridgeHarness envHost = new BridgeHarness(spec(NodeServers.everything()).allowTools("get-env")
        .environment("GREETING", "hello").build())) {
      Outcome outcome = envHost.invoke("get-env", "{}");

      JsonNode env = JsonResources.parse(((Succeeded) outcome).response().data().get("text").asText());
      assertThat(env.get("GREETING").asText()).isEqualTo("hello");
      assertThat(env.has("PATH")).as(env.toString()).isFalse();
      assertThat(env.has("HOME")).as(env.toString()).isFalse();
    }
  }

  @Test
  void anAllowlistedToolTheServerDoesNotOfferFailsTheLoad() throws Exception {
    McpServerSpec spec = spec(NodeServers.everything()).allowTools("echo", "no-such-tool").build();

    assertThatThrownBy(() -> McpServerConnectors.load(spec)).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("allowlisted tool 'no-such-tool' is not offered by the server");
  }

  @Test
  void theHealthCheckPingsTheServer() {
    LifecycleOutcome checked = host.engine.instances().check("mcp-1", BridgeHarness.ALICE);

    assertThat(checked).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(((LifecycleOutcome.Applied) checked).unhealthy()).isEmpty();
  }

  @Test
  void concurrentCallsEachGetTheirOwnAnswer() throws Exception {
    int calls = 24;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Outcome>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < calls; i++) {
        String message = "call-" + i;
        answers.add(pool.submit(() -> host.invoke("echo", "{\"message\":\"" + message + "\"}")));
      }
      for (int i = 0; i < calls; i++) {
        Outcome outcome = answers.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(outcome).as("call %d: %s", i, outcome).isInstanceOf(Succeeded.class);
        assertThat(((Succeeded) outcome).response().data().get("text").asText()).isEqualTo("Echo: call-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
