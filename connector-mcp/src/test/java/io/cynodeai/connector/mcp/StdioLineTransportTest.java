package io.cynodeai.connector.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library's stdio transport on piped streams: bad lines get JSON-RPC errors, the session goes on (a ping is
 * answered even before the client's initialized notification), and the end of input ends it.
 */
@Tag("REQ-DECL-019")
class StdioLineTransportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(60)
  void eachBadLineIsAnsweredAndTheSessionEndsWithItsInput() throws Exception {
    PipedOutputStream client = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(client, 1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream();
    BufferedReader answers = new BufferedReader(new InputStreamReader(new PipedInputStream(serverOut, 1 << 16),
        StandardCharsets.UTF_8));
    StdioLineTransport transport = new StdioLineTransport(ConnectorMcpServer.mapper(), serverIn, serverOut);
    try (ConnectorEngine engine = ConnectorEngines.builder().policy(PolicyEngine.allowAll()).build()) {
      McpSyncServer server = ConnectorMcpServer.create(engine, Caller.user("u", null), transport, List.of());
      String lines = String.join("\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
          "", "{not json", "[]", "{\"jsonrpc\":\"2.0\",\"id\":60}", "{\"jsonrpc\":\"1.0\",\"id\":61,\"method\":\"ping\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":62,\"method\":\"ping\"}")
          + "\n";
      client.write(lines.getBytes(StandardCharsets.UTF_8));
      client.flush();

      JsonNode init = JSON.readTree(answers.readLine());
      assertThat(init.at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
      assertThat(errorOf(answers.readLine())).isEqualTo("null -32700");
      assertThat(errorOf(answers.readLine())).isEqualTo("null -32600");
      assertThat(errorOf(answers.readLine())).isEqualTo("60 -32600");
      assertThat(errorOf(answers.readLine())).isEqualTo("61 -32600");
      assertThat(errorOf(answers.readLine())).isEqualTo("null -32600");
      JsonNode ping = JSON.readTree(answers.readLine());
      assertThat(ping.get("id").asInt()).isEqualTo(62);
      assertThat(ping.has("result")).isTrue();

      client.close();
      assertThat(transport.awaitClosed(20_000)).as("end of input closes the transport").isTrue();
      server.close();
    }
  }

  private static String errorOf(String line) throws Exception {
    JsonNode node = JSON.readTree(line);
    return node.get("id") + " " + node.at("/error/code").asInt();
  }
}
