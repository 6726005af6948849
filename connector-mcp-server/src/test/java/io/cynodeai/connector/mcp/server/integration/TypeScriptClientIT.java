package io.cynodeai.connector.mcp.server.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server jar the build produced, driven by a client nobody here wrote: the official MCP TypeScript SDK's
 * {@code Client} over {@code StdioClientTransport} ({@code src/test/node/seed-flow.mjs}, the SDK installed with
 * npm into {@code target/ts-client}). The SDK refuses a protocol version it does not know and checks each
 * structured result against the tool's output schema, so a passing run is what a real agent client sees. Without
 * node or npm the test is skipped, except under {@code CI=true}, where it fails.
 */
@Tag("REQ-DECL-019")
class TypeScriptClientIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CLIENT_DIR = Path.of("target", "ts-client").toAbsolutePath();

  @Test
  void theTypeScriptSdkClientCompletesTheSeedFlow(@TempDir Path state) throws Exception {
    installClient();
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", exchange -> {
      byte[] body = "{\"items\":3}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    try {
      Path secrets = Files.createDirectories(state.resolve("secrets").resolve("imap-ops-mail-creds"));
      Files.writeString(secrets.resolve("username"), "ops");
      Files.writeString(secrets.resolve("password"), "not-a-real-password");
      Path seed = Files.writeString(state.resolve("ops-mail.yaml"), SeedSpecOverMcpIT.seedSpec());
      Path http = Files.writeString(state.resolve("inventory.yaml"), """
          apiVersion: cynodeai.io/v1alpha1
          kind: Connector
          metadata: {name: inventory, owner: {type: user, id: alice}}
          spec: {type: http, typeVersion: 1, enabled: true, config: {baseUrl: "http://127.0.0.1:%d"}}
          """.formatted(api.getAddress().getPort()));
      JsonNode out = run(List.of("node", CLIENT_DIR.resolve("seed-flow.mjs").toString(),
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          Path.of("target", "connector-mcp-server.jar").toAbsolutePath().toString(), state.toString(),
          seed.toString(), http.toString()));

      assertThat(out.at("/server/name").asText()).isEqualTo("cynodeai-connectors");
      assertThat(out.get("tools")).extracting(t -> t.get("name").asText()).contains("connector_discover",
          "connector_spec_validate", "connector_spec_diff", "connector_spec_apply", "connector_op_invoke")
          .allSatisfy(name -> assertThat(name).matches("[a-zA-Z0-9_-]{1,64}"));
      assertThat(out.get("tools")).allSatisfy(t -> assertThat(t.get("action").asText()).startsWith("connector."));
      assertThat(out.get("resources").toString()).contains("cynodeai://spec/schema");
      assertThat(out.at("/discover/structured/types/0/operations").toString()).contains("readInbox");
      assertThat(out.at("/validate/structured/outcome").asText()).isEqualTo("valid");
      assertThat(out.at("/diff/structured/changes/0/kind").asText()).isEqualTo("CREATE");
      assertThat(out.at("/apply/isError").asBoolean()).as(out.get("apply").toString()).isFalse();
      assertThat(out.at("/apply/structured/changes").size()).isEqualTo(2);
      assertThat(out.get("applyProgress").asInt()).isEqualTo(2);
      assertThat(out.at("/status/structured/status/name").asText()).isEqualTo("ops-mail");
      // imap.example.com does not exist: the seed's instance is in error and says so, as a typed result
      assertThat(out.at("/invokeSeed/isError").asBoolean()).isTrue();
      assertThat(out.at("/invokeSeed/structured/failure/code").asText()).isNotBlank();
      assertThat(out.at("/invokeHttp/isError").asBoolean()).as(out.get("invokeHttp").toString()).isFalse();
      assertThat(out.at("/invokeHttp/structured/data/body/items").asInt()).isEqualTo(3);
      assertThat(out.at("/unknownArgument/structured/failure/code").asText()).isEqualTo("invalid_arguments");
      assertThat(out.get("logs").toString()).contains("connector_spec_apply: applied");
      assertThat(out.toString()).doesNotContain("not-a-real-password");
    } finally {
      api.stop(0);
    }
  }

  /** Installs the SDK into target/ts-client once per build (skipped, or failed under CI, without npm). */
  private static void installClient() throws Exception {
    Files.createDirectories(CLIENT_DIR);
    for (String file : List.of("package.json", "package-lock.json", "seed-flow.mjs")) {
      Files.copy(Path.of("src", "test", "node", file), CLIENT_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(CLIENT_DIR.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
      return;
    }
    String problem;
    try {
      Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
          .directory(CLIENT_DIR.toFile()).redirectErrorStream(true).start();
      String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = npm.waitFor(5, TimeUnit.MINUTES);
      problem = done && npm.exitValue() == 0 ? null : "npm install failed: " + log;
    } catch (IOException e) {
      problem = "npm is not installed: " + e.getMessage();
    }
    if (problem != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("the MCP TypeScript SDK client could not be installed under CI: " + problem);
      }
      Assumptions.abort("the MCP TypeScript SDK client could not be installed: " + problem);
    }
  }

  private static JsonNode run(List<String> command) throws Exception {
    Process node = new ProcessBuilder(command).directory(CLIENT_DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(3, TimeUnit.MINUTES)).as("the client script ends").isTrue();
    assertThat(node.exitValue()).as("the client script's exit code; output: " + stdout).isZero();
    return JSON.readTree(stdout);
  }
}
