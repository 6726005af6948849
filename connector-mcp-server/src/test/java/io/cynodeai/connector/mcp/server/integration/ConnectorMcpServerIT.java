package io.cynodeai.connector.mcp.server.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The MCP server jar the build produces, started as a child process and driven by the MCP Java SDK's own
 * client over the real stdio transport.
 */
@Tag("REQ-DECL-019")
class ConnectorMcpServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST_PASSWORD = "host-db-password-canary-9e1";
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer api;
  private McpSyncClient client;

  @BeforeEach
  void start() throws Exception {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        authorizations.add(auth);
      }
      byte[] body = "{\"status\":\"ok\",\"items\":3}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    Path jar = Path.of("target", "connector-mcp-server.jar").toAbsolutePath();
    ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()).args("-jar", jar.toString(), "--user", "agent-7", "--project", "p1",
            "--egress", "loopback") // the API runs on loopback, which the default egress refuses
        .env(Map.of("CYNODE_VAULT_INVENTORY_API_TOKEN", "inventory-token", "HOST_DB_PASSWORD", HOST_PASSWORD))
        .build();
    client = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON)))
        .requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
  }

  @AfterEach
  void stop() {
    client.closeGracefully();
    api.stop(0);
  }

  private JsonNode call(String tool, Map<String, Object> args, boolean expectError) {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    assertThat(r.isError()).as(tool + " " + r.content()).isEqualTo(expectError);
    return JSON.valueToTree(r.structuredContent());
  }

  private String spec(boolean enabled) {
    return """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: inventory
          owner: {type: user, id: agent-7}
          projectId: p1
        spec:
          type: http
          typeVersion: 1
          enabled: %s
          config:
            baseUrl: http://127.0.0.1:%d
        """.formatted(enabled, api.getAddress().getPort());
  }

  @Test
  void toolsCarrySchemasAndAnnotationsThatMatchTheActionTaxonomy() {
    Map<String, Tool> tools = client.listTools().tools().stream()
        .collect(Collectors.toMap(Tool::name, t -> t));
    assertThat(tools.keySet()).containsExactlyInAnyOrder("connector_spec_validate", "connector_spec_diff",
        "connector_spec_apply", "connector_spec_list", "connector_spec_delete", "connector_instance_status_get",
        "connector_op_invoke", "connector_job_get", "connector_job_cancel", "connector_instance_check",
        "connector_discover", "connector_catalog_list", "connector_instance_install", "connector_instance_enable",
        "connector_instance_disable", "connector_instance_uninstall", "connector_credential_rotate",
        "connector_credential_revoke");
    for (String manage : List.of("connector_credential_rotate", "connector_credential_revoke")) {
      assertThat(tools.get(manage).meta()).as(manage).containsEntry("cynodeai.io/action",
          "connector.credential.manage");
    }
    assertThat(tools.get("connector_credential_revoke").annotations().destructiveHint()).isTrue();
    for (String manage : List.of("connector_instance_install", "connector_instance_enable",
        "connector_instance_disable", "connector_instance_uninstall")) {
      assertThat(tools.get(manage).meta()).as(manage).containsEntry("cynodeai.io/action", "connector.instance.manage");
    }
    assertThat(tools.get("connector_instance_uninstall").annotations().destructiveHint()).isTrue();
    assertThat(tools.get("connector_catalog_list").meta()).containsEntry("cynodeai.io/action", "connector.catalog.read");
    assertThat(tools.get("connector_discover").annotations().readOnlyHint()).isTrue();
    assertThat(tools.get("connector_discover").meta()).containsEntry("cynodeai.io/action", "connector.catalog.read");
    for (String read : List.of("connector_spec_validate", "connector_spec_diff", "connector_spec_list",
        "connector_instance_status_get")) {
      assertThat(tools.get(read).annotations().readOnlyHint()).as(read).isTrue();
      assertThat(tools.get(read).meta()).containsEntry("cynodeai.io/action", "connector.operation.read");
    }
    assertThat(tools.get("connector_instance_check").annotations().readOnlyHint()).isFalse();
    assertThat(tools.get("connector_instance_check").meta())
        .containsEntry("cynodeai.io/action", "connector.instance.manage");
    for (String write : List.of("connector_spec_apply", "connector_spec_delete")) {
      assertThat(tools.get(write).annotations().readOnlyHint()).as(write).isFalse();
      assertThat(tools.get(write).annotations().destructiveHint()).as(write).isTrue();
      assertThat(tools.get(write).meta()).containsEntry("cynodeai.io/action", "connector.instance.manage");
    }
    Tool invoke = tools.get("connector_op_invoke");
    assertThat(invoke.annotations().openWorldHint()).isTrue();
    assertThat(invoke.meta()).containsEntry("cynodeai.io/action", "connector.operation.invoke");
    assertThat(invoke.inputSchema().required()).containsExactly("instance", "operation");
    assertThat(invoke.outputSchema()).containsKey("properties");
    assertThat(tools.get("connector_job_get").annotations().readOnlyHint()).isTrue();
    assertThat(tools.get("connector_job_get").meta()).containsEntry("cynodeai.io/action", "connector.operation.read");
    assertThat(tools.get("connector_job_cancel").annotations().readOnlyHint()).isFalse();
    assertThat(tools.get("connector_job_cancel").annotations().destructiveHint()).isTrue();
    assertThat(tools.get("connector_job_cancel").meta())
        .containsEntry("cynodeai.io/action", "connector.operation.invoke");
    assertThat(tools.get("connector_job_get").inputSchema().required()).containsExactly("job_id");
    assertThat(tools.get("connector_job_get").outputSchema()).containsKey("properties");
  }

  @Test
  void anAgentValidatesAppliesReadsInvokesAndDeletesThroughTheTools() {
    JsonNode invalid = call("connector_spec_validate", Map.of("spec", spec(true).replace("enabled: true",
        "enabled: yes please")), true);
    assertThat(invalid.get("outcome").asText()).isEqualTo("invalid");
    assertThat(invalid.at("/problems/0/pointer").asText()).isEqualTo("/spec/enabled");

    JsonNode applied = call("connector_spec_apply", Map.of("spec", spec(true)), false);
    assertThat(applied.at("/changes/0/kind").asText()).isEqualTo("CREATE");
    assertThat(applied.at("/statuses/0/status").asText()).isEqualTo("active");

    JsonNode diff = call("connector_spec_diff", Map.of("spec", spec(false)), false);
    assertThat(diff.at("/changes/0/summary").asText()).isEqualTo(
        "~ inventory (update)\n    /spec/enabled: true -> false");

    JsonNode status = call("connector_instance_status_get", Map.of("name", "inventory"), false);
    assertThat(status.at("/status/status").asText()).isEqualTo("active");

    JsonNode checked = call("connector_instance_check", Map.of("name", "inventory"), false);
    assertThat(checked.get("outcome").asText()).isEqualTo("checked");
    assertThat(checked.at("/status/status").asText()).isEqualTo("active");
    assertThat(checked.at("/status/last_error").isMissingNode()).isTrue();
    assertThat(call("connector_instance_check", Map.of("name", "no-such"), true).at("/failure/code").asText())
        .isEqualTo("unknown_instance");

    JsonNode envelope = call("connector_op_invoke", Map.of("instance", "inventory", "operation", "get",
        "input", Map.of("path", "/status")), false);
    assertThat(envelope.at("/data/body/items").asInt()).isEqualTo(3);
    assertThat(envelope.has("redactions_applied")).isTrue();

    JsonNode failed = call("connector_op_invoke", Map.of("instance", "inventory", "operation", "nope"), true);
    assertThat(failed.at("/failure/failure_class").asText()).isEqualTo("validation_error");
    assertThat(failed.at("/failure/code").asText()).isEqualTo("unknown_operation");

    assertThat(call("connector_spec_list", Map.of(), false).at("/specs/0/metadata/name").asText())
        .isEqualTo("inventory");
    assertThat(call("connector_spec_delete", Map.of("name", "inventory"), false).at("/changes/0/kind").asText())
        .isEqualTo("DELETE");
    assertThat(call("connector_instance_status_get", Map.of("name", "inventory"), true).get("outcome").asText())
        .isEqualTo("not_found");
  }

  @Test
  void anAgentDiscoversTypesOperationsSchemasInstancesAndTheSpecSchema() {
    call("connector_spec_apply", Map.of("spec", spec(true)), false);
    JsonNode found = call("connector_discover", Map.of("type", "http"), false);
    assertThat(found.get("types")).hasSize(1);
    JsonNode http = found.at("/types/0");
    assertThat(http.get("name").asText()).isEqualTo("http");
    assertThat(http.at("/config_schema/properties/baseUrl").isObject()).isTrue();
    JsonNode get = null;
    for (JsonNode op : http.get("operations")) {
      if (op.get("name").asText().equals("get")) {
        get = op;
      }
    }
    assertThat(get).as("the http type's get operation").isNotNull();
    assertThat(get.at("/request_schema/type").asText()).isEqualTo("object");
    assertThat(get.get("modes").toString()).contains("sync");
    assertThat(found.at("/instances/0/name").asText()).isEqualTo("inventory");
    JsonNode rotate = call("connector_credential_rotate", Map.of("name", "inventory"), true);
    assertThat(rotate.at("/failure/code").asText()).as("governed by the engine: the instance leases no secret")
        .isEqualTo("no_credentials");
    assertThat(call("connector_credential_revoke", Map.of("name", "nope"), true).at("/failure/code").asText())
        .isEqualTo("unknown_instance");
    JsonNode imap = call("connector_discover", Map.of("type", "imap"), false).at("/types/0");
    assertThat(imap.get("credential_keys")).as("the keys a spec must map").extracting(k -> k.get("name").asText())
        .containsExactly("username", "password");
    assertThat(imap.at("/credential_keys/0/required").asBoolean()).isTrue();
    assertThat(found.at("/instances/0/type").asText()).isEqualTo("http");
    assertThat(call("connector_discover", Map.of(), false).get("types").size()).isGreaterThanOrEqualTo(4);
    assertThat(call("connector_discover", Map.of("kind", "x"), true).at("/failure/code").asText())
        .isEqualTo("invalid_arguments");

    assertThat(client.listResources().resources()).extracting(r -> r.uri()).contains("cynodeai://spec/schema",
        "cynodeai://catalog/types", "cynodeai://instances", "cynodeai://examples/specs");
    String schema = ((io.modelcontextprotocol.spec.McpSchema.TextResourceContents) client.readResource(
        new io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest("cynodeai://spec/schema")).contents().get(0))
        .text();
    assertThat(schema).contains("cynodeai.io/v1alpha1");
    String examples = ((io.modelcontextprotocol.spec.McpSchema.TextResourceContents) client.readResource(
        new io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest("cynodeai://examples/specs")).contents()
        .get(0)).text();
    assertThat(examples).contains("name: ops-mail", "name: inventory");
    assertThat(client.listPrompts().prompts()).extracting(p -> p.name()).containsExactly("connect_a_service");
    assertThat(client.getPrompt(new io.modelcontextprotocol.spec.McpSchema.GetPromptRequest("connect_a_service",
        Map.of("type", "http"))).messages().get(0).content().toString()).contains("connector_discover")
        .contains("\"type\": \"http\"");
    // the examples parse; only the seed's secret is missing here (this server reads CYNODE_VAULT_* variables)
    assertThat(call("connector_spec_validate", Map.of("spec", examples), true).get("problems"))
        .allSatisfy(p -> assertThat(p.get("code").asText()).isEqualTo("secret_not_in_scope"));
  }

  @Test
  void anAgentInstallsEnablesDisablesAndUninstallsAnInstanceFromTheCatalog() {
    assertThat(call("connector_catalog_list", Map.of(), false).get("types").toString()).contains("\"http\"")
        .contains("\"get\"");
    JsonNode installed = call("connector_instance_install", Map.of("name", "probe", "type", "http", "config",
        Map.of("baseUrl", "http://127.0.0.1:" + api.getAddress().getPort())), false);
    assertThat(installed.at("/instance/status").asText()).isEqualTo("provisioning");
    assertThat(call("connector_instance_enable", Map.of("name", "probe"), false).at("/instance/status").asText())
        .isEqualTo("active");
    assertThat(call("connector_op_invoke", Map.of("instance", "probe", "operation", "get", "input",
        Map.of("path", "/")), false).at("/data/body/items").asInt()).isEqualTo(3);
    assertThat(call("connector_instance_disable", Map.of("name", "probe"), false).at("/instance/status").asText())
        .isEqualTo("disabled");
    assertThat(call("connector_instance_uninstall", Map.of("name", "probe"), false).get("outcome").asText())
        .isEqualTo("uninstalled");
    assertThat(call("connector_instance_enable", Map.of("name", "probe"), true).at("/failure/code").asText())
        .isEqualTo("unknown_instance");
    assertThat(call("connector_instance_install", Map.of("name", "bad", "type", "http", "config", Map.of()), true)
        .get("outcome").asText()).isEqualTo("rejected");
  }

  @Test
  void specsNamingTheExamplesCynodeVaultValidate() {
    String withSecret = spec(true) + """
          credentials:
            mode: secretRef
            secretRef: {provider: cynode-vault, name: inventory-api, keys: {token: token}}
        """;
    assertThat(call("connector_spec_validate", Map.of("spec", withSecret), false).get("outcome").asText())
        .isEqualTo("valid");
    JsonNode unknown = call("connector_spec_validate", Map.of("spec",
        withSecret.replace("cynode-vault", "other-vault")), true);
    assertThat(unknown.at("/problems/0/code").asText()).isEqualTo("unknown_secret_provider");
  }

  @Test
  @Tag("REQ-TENANT-004")
  void anAgentCannotMakeTheServerSendItsEnvironmentThroughASpec() {
    String mattermost = """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: exfil
          owner: {type: user, id: agent-7}
          projectId: p1
        spec:
          type: mattermost
          typeVersion: 1
          enabled: true
          config:
            serverUrl: http://127.0.0.1:%d
          credentials:
            mode: secretRef
            secretRef: {provider: %s, name: host-db, keys: {token: password}}
        """;
    for (String provider : List.of("env", "cynode-vault")) {
      JsonNode refused = call("connector_spec_apply", Map.of("spec",
          mattermost.formatted(api.getAddress().getPort(), provider)), true);

      assertThat(refused.at("/problems/0/code").asText()).as(provider).isEqualTo("secret_not_in_scope");
      assertThat(refused.at("/problems/0/pointer").asText()).isEqualTo("/spec/credentials/secretRef/name");
    }
    assertThat(authorizations).isEmpty();
    assertThat(call("connector_spec_list", Map.of(), false).path("specs")).isEmpty();
  }

  @Test
  void toolNamesAreOnesEveryClientAcceptsAndUnknownArgumentsAreRefused() {
    assertThat(client.listTools().tools()).extracting(Tool::name)
        .allSatisfy(name -> assertThat(name).matches("[a-zA-Z0-9_-]{1,64}"));

    CallToolResult extra = client.callTool(new CallToolRequest("connector_spec_validate",
        Map.of("spec", spec(true), "dryRun", true)));

    assertThat(extra.isError()).isTrue();
    assertThat(extra.content().toString()).contains("unknown argument 'dryRun'").contains("takes spec");
  }
}
