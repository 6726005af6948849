package io.cynodeai.connector.cli.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.cli.CliRun;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connectorctl's egress, in process against a real HTTP API on loopback: by default the engine reaches public
 * addresses only, so the local API is refused and never called; {@code --egress loopback} opens it, and says
 * so on standard error.
 */
@Tag("REQ-EGRESS-002")
class ConnectorctlEgressTest {
  @TempDir
  Path tmp;
  private HttpServer api;
  private final AtomicInteger calls = new AtomicInteger();
  private Path spec;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", exchange -> {
      calls.incrementAndGet();
      byte[] body = "{\"items\":3}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    spec = tmp.resolve("inventory.yaml");
    Files.writeString(spec, """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: inventory
          owner: {type: user, id: ops}
        spec:
          type: http
          typeVersion: 1
          enabled: true
          config:
            baseUrl: http://127.0.0.1:%d
        """.formatted(api.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  private Run run(String... args) {
    CliRun r = CliRun.of(tmp, args);
    return new Run(r.code(), r.out(), r.err());
  }

  @Test
  void byDefaultALoopbackApiIsRefusedAndNeverCalled() {
    Run apply = run("apply", spec.toString());

    assertThat(apply.out()).contains("error");
    assertThat(apply.err()).doesNotContain("egress opened");
    Run invoke = run("invoke", "inventory", "get", "--input", "{\"path\":\"/status\"}");
    assertThat(invoke.code()).isNotZero();
    Run status = run("-o", "json", "status", "inventory");
    assertThat(status.out()).contains("egress denied: 127.0.0.1 is a loopback address, and no allowed address"
        + " range covers it");
    assertThat(calls).hasValue(0);
  }

  @Test
  void egressLoopbackOpensTheLocalApiAndSaysSo() {
    Run apply = run("--egress", "loopback", "apply", spec.toString());

    assertThat(apply.code()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("active");
    assertThat(apply.err()).contains("warning: egress opened (--egress loopback): connectors may reach this"
        + " machine's loopback addresses");
    Run invoke = run("--egress", "loopback", "invoke", "inventory", "get", "--input", "{\"path\":\"/status\"}");
    assertThat(invoke.code()).as(invoke.err()).isZero();
    assertThat(invoke.out()).contains("\"items\" : 3");
  }
}
