package io.cynodeai.connector.cli.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar the build produces ({@code target/connectorctl.jar}), run as a child process with
 * {@code java -jar}: it applies a spec for the bundled http connector against a local HTTP API and invokes it.
 */
@Tag("REQ-DECL-019")
class ConnectorctlJarIT {
  private static final Path JAR = Path.of("target", "connectorctl.jar");
  @TempDir
  Path tmp;
  private HttpServer api;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", exchange -> {
      byte[] body = "{\"status\":\"ok\",\"items\":3}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", JAR.toAbsolutePath().toString(), "--state-dir", tmp.resolve("state").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(tmp.resolve("out.txt").toFile())
        .redirectError(tmp.resolve("err.txt").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("connectorctl finished").isTrue();
    return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
  }

  @Test
  void theJarAppliesASpecAndInvokesTheConnector() throws Exception {
    assertThat(JAR).exists();
    Path spec = tmp.resolve("inventory.yaml");
    Files.writeString(spec, """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: inventory
          owner: {type: user, id: demo}
        spec:
          type: http
          typeVersion: 1
          enabled: true
          config:
            baseUrl: http://127.0.0.1:%d
        """.formatted(api.getAddress().getPort()));
    // the API runs on loopback, which the default egress refuses: opened explicitly
    Run apply = run("--egress", "loopback", "apply", spec.toString());
    assertThat(apply.code()).as(apply.err()).isZero();
    assertThat(apply.out()).startsWith("+ inventory (create)\ninventory").contains("active");

    Run invoke = run("--egress", "loopback", "invoke", "inventory", "get", "--input", "{\"path\":\"/status\"}");
    assertThat(invoke.code()).as(invoke.err()).isZero();
    assertThat(JsonResources.parse(invoke.out()).at("/data/body/items").asInt()).isEqualTo(3);

    Files.writeString(spec, Files.readString(spec).replace("typeVersion: 1", "typeVersion: 1\n  replicas: 2"));
    Run invalid = run("validate", spec.toString());
    assertThat(invalid.code()).isEqualTo(3);
    assertThat(invalid.err()).contains("inventory.yaml:9:13: /spec/replicas: unknown field 'replicas' "
        + "[unknown_field]");
  }
}
