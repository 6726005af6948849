package io.cynodeai.connector.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent-facing surface never receives credentials: an instance whose connector is careless with its
 * secret (echoes it in its answer, quotes it in a failure) still yields tool results without it.
 */
@Tag("REQ-CRED-005")
class ToolResultsSecretCanaryTest {
  private static final String CANARY = "CANARY-mcp-55d0-do-not-leak";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller AGENT = Caller.user("agent-7", "p1");

  @Test
  void toolResultsNeverCarryTheInstancesSecret() throws Exception {
    EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    secrets.put("token", CANARY.toCharArray());
    ConnectorType type = ConnectorType.builder("careless", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("leak").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              String token = new String(ctx.credentials().lease().orElseThrow().secret("token"));
              if (in.path("fail").asBoolean()) {
                throw ProviderException.permanentFailure("bad_request", "rejected " + token, null);
              }
              return HandlerResult.of(JSON.createObjectNode().put("echo", token).put("note", "ok"));
            }))
        .build();
    try (ConnectorEngine engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .credentials(CredentialVault.of(secrets), i -> Map.of("token", SecretRef.parse("store:token"))).build()) {
      engine.instances().install(InstanceDefinition.builder("leaky", "careless").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("agent-7")).projectId("p1").build(), AGENT);
      engine.instances().enable("leaky", AGENT);
      SyncToolSpecification invoke = new ConnectorTools(engine, AGENT, new JacksonMcpJsonMapper(JSON)).all()
          .stream().filter(t -> t.tool().name().equals("connector_op_invoke")).findFirst().orElseThrow();

      CallToolResult ok = invoke.callHandler().apply(null, new CallToolRequest("connector_op_invoke",
          Map.of("instance", "leaky", "operation", "leak", "input", Map.of())));
      CallToolResult failed = invoke.callHandler().apply(null, new CallToolRequest("connector_op_invoke",
          Map.of("instance", "leaky", "operation", "leak", "input", Map.of("fail", true))));

      assertThat(ok.isError()).isFalse();
      assertThat(JSON.writeValueAsString(ok)).contains("[REDACTED]").contains("\"note\":\"ok\"")
          .doesNotContain(CANARY);
      assertThat(failed.isError()).isTrue();
      assertThat(JSON.writeValueAsString(failed)).contains("rejected [REDACTED]").doesNotContain(CANARY);
    }
  }
}
