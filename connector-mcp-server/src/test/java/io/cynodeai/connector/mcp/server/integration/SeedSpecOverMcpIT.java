package io.cynodeai.connector.mcp.server.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed spec ({@code examples/.../ops-mail.yaml}, owned by a group, in a project) over MCP, as written: the
 * standalone server applies it single-tenant like connectorctl, keeps it in its state directory across
 * sessions, and under strict tenancy applies it only for a member of the owning group, its diff predicting the
 * refusal otherwise.
 */
@Tag("REQ-DECL-019")
class SeedSpecOverMcpIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String seedSpec() throws Exception {
    return Files.readString(Path.of("..", "examples", "src", "main", "resources", "ops-mail.yaml"));
  }

  private static McpSyncClient start(Path stateDir, String... extra) throws Exception {
    Path secrets = stateDir.resolve("secrets").resolve("imap-ops-mail-creds");
    Files.createDirectories(secrets);
    Files.writeString(secrets.resolve("username"), "ops");
    Files.writeString(secrets.resolve("password"), "not-a-real-password");
    List<String> args = new ArrayList<>(List.of("-jar", Path.of("target", "connector-mcp-server.jar")
        .toAbsolutePath().toString(), "--state-dir", stateDir.toString()));
    args.addAll(List.of(extra));
    ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()).args(args).build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON)))
        .requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
    return client;
  }

  private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args, boolean error) {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    assertThat(r.isError()).as(tool + " " + r.content()).isEqualTo(error);
    return JSON.valueToTree(r.structuredContent());
  }

  @Test
  void theSeedSpecAppliesAsWrittenAndOutlivesTheSession(@TempDir Path state) throws Exception {
    McpSyncClient client = start(state, "--user", "alice");
    try {
      assertThat(call(client, "connector_spec_validate", Map.of("spec", seedSpec()), false).get("outcome")
          .asText()).isEqualTo("valid");
      assertThat(call(client, "connector_spec_diff", Map.of("spec", seedSpec()), false).at("/changes/0/kind")
          .asText()).isEqualTo("CREATE");
      JsonNode applied = call(client, "connector_spec_apply", Map.of("spec", seedSpec()), false);
      assertThat(applied.at("/statuses/0/name").asText()).isEqualTo("ops-mail");
      assertThat(call(client, "connector_instance_status_get", Map.of("name", "ops-mail"), false)
          .at("/status/name").asText()).isEqualTo("ops-mail");
    } finally {
      client.closeGracefully();
    }
    assertThat(state.resolve("state.mv.db")).exists();
    assertThat(Files.readString(state.resolve("audit.jsonl"))).contains("ops-mail").doesNotContain(
        "not-a-real-password");

    McpSyncClient again = start(state, "--user", "alice");
    try {
      assertThat(call(again, "connector_spec_list", Map.of(), false).at("/specs/0/metadata/name").asText())
          .isEqualTo("ops-mail");
      assertThat(call(again, "connector_spec_diff", Map.of("spec", seedSpec()), false).at("/changes/0/kind")
          .asText()).isEqualTo("UNCHANGED");
    } finally {
      again.closeGracefully();
    }
  }

  @Test
  void underStrictTenancyDiffSaysWhatApplyWouldRefuseAndAGroupMemberApplies(@TempDir Path state)
      throws Exception {
    McpSyncClient outsider = start(state, "--tenancy", "strict", "--user", "bob", "--project", "3a91...");
    try {
      JsonNode diff = call(outsider, "connector_spec_diff", Map.of("spec", seedSpec()), true);
      assertThat(diff.at("/problems/0/code").asText()).isEqualTo("tenant_boundary");
      assertThat(diff.at("/problems/0/message").asText()).contains("apply would be refused")
          .contains("owning group");
      JsonNode refused = call(outsider, "connector_spec_apply", Map.of("spec", seedSpec()), true);
      assertThat(refused.toString()).contains("tenant_boundary");
    } finally {
      outsider.closeGracefully();
    }
    McpSyncClient member = start(state, "--tenancy", "strict", "--user", "carol", "--group", "7b2c...",
        "--project", "3a91...");
    try {
      assertThat(call(member, "connector_spec_diff", Map.of("spec", seedSpec()), false).at("/changes/0/kind")
          .asText()).isEqualTo("CREATE");
      call(member, "connector_spec_apply", Map.of("spec", seedSpec()), false);
    } finally {
      member.closeGracefully();
    }
  }
}
