package io.cynodeai.connector.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.ConnectorEngines;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code connector_discover} and {@code connector_catalog_list} are reads of the engine's catalog: the engine's
 * policy decides ({@code connector.catalog.read}) and audits them, over the real transport.
 */
class CatalogReadGovernanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(60)
  void aCallerThePolicyDeniesTheCatalogGetsATypedRefusalAndBothReadsAreAudited() throws Exception {
    PipedOutputStream client = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(client, 1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream();
    BufferedReader answers = new BufferedReader(new InputStreamReader(new PipedInputStream(serverOut, 1 << 16),
        StandardCharsets.UTF_8));
    StdioLineTransport transport = new StdioLineTransport(ConnectorMcpServer.mapper(), serverIn, serverOut);
    List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    try (ConnectorEngine engine = ConnectorEngines.builder().auditSink(audit::add)
        .policy(ctx -> ctx.action() == Action.CATALOG_READ && ctx.userId().equals("guest")
            ? PolicyDecision.deny("guests do not browse the catalog") : PolicyDecision.allow("ok")).build()) {
      McpSyncServer server = ConnectorMcpServer.create(engine, Caller.user("guest", null), transport, List.of());
      String lines = String.join("\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"connector_discover\","
              + "\"arguments\":{}}}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"connector_catalog_list\","
              + "\"arguments\":{}}}") + "\n";
      client.write(lines.getBytes(StandardCharsets.UTF_8));
      client.flush();

      java.util.Map<Integer, JsonNode> byId = answers(answers, 3);
      assertThat(byId.get(1).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
      for (int id = 2; id <= 3; id++) {
        JsonNode answer = byId.get(id);
        assertThat(answer.at("/result/isError").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.at("/result/structuredContent/failure/code").asText()).isEqualTo("policy_denied");
        assertThat(answer.at("/result/structuredContent/failure/message").asText())
            .contains("guests do not browse the catalog");
      }
      assertThat(audit).filteredOn(e -> e.action().equals("catalog.read")).hasSize(2)
          .allSatisfy(e -> {
            assertThat(e.userId()).isEqualTo("guest");
            assertThat(e.errorCode()).isEqualTo("policy_denied");
          });
      client.close();
      assertThat(transport.awaitClosed(20_000)).isTrue();
      server.close();
    }
  }

  /**
   * The answers to requests 1..{@code count} by id, in whatever order they come (calls run concurrently),
   * skipping notifications such as log messages; at most 50 lines.
   */
  private static java.util.Map<Integer, JsonNode> answers(BufferedReader lines, int count) throws Exception {
    java.util.Map<Integer, JsonNode> byId = new java.util.HashMap<>();
    for (int i = 0; i < 50 && byId.size() < count; i++) {
      JsonNode message = JSON.readTree(lines.readLine());
      if (message.has("id")) {
        byId.put(message.get("id").asInt(), message);
      }
    }
    assertThat(byId).as("answers to requests 1.." + count).hasSize(count);
    return byId;
  }
}
