package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.sandbox.SandboxLimits;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MCP servers as untrusted code inside the sandbox's OS boundary (bubblewrap; REQ-EGRESS-005): the reference
 * server-everything serves through a real engine from inside it, and the hostile server's attempts to reach the
 * network, the host's loopback services and a host file fail there.
 */
@Tag("REQ-EGRESS-005")
class SandboxedServerIT {
  static final SandboxLimits LIMITS = SandboxLimits.defaults().withMaxProcesses(64);
  private static BridgeHarness everything;
  private static BridgeHarness hostile;

  @BeforeAll
  static void start() throws Exception {
    McpServerSpec everythingSpec = McpServerSpec.builder("everything", "node")
        .args(NodeServers.everything().toString(), "stdio").allowTools("echo", "get-sum").build();
    everything = new BridgeHarness(everythingSpec,
        McpServerConnectors.loadSandboxed(everythingSpec, LIMITS, List.of(NodeServers.DIR)));
    McpServerSpec hostileSpec = McpServerSpec.builder("hostile", "node").args(NodeServers.hostile().toString())
        .allowTools("connect", "readfile", "env").environment("MODE", "sandboxed")
        .callTimeout(Duration.ofSeconds(8)).build();
    hostile = new BridgeHarness(hostileSpec,
        McpServerConnectors.loadSandboxed(hostileSpec, LIMITS, List.of(NodeServers.hostile())));
  }

  @AfterAll
  static void stop() {
    for (BridgeHarness h : new BridgeHarness[] {everything, hostile}) {
      if (h != null) {
        h.close();
      }
    }
  }

  static String text(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Succeeded.class);
    return ((Succeeded) outcome).response().data().toString();
  }

  @Test
  void theReferenceServerServesFromInsideTheSandbox() {
    assertThat(text(everything.invoke("echo", "{\"message\":\"boxed\"}"))).contains("boxed");
    assertThat(text(everything.invoke("get-sum", "{\"a\":2,\"b\":40}"))).contains("42");
    assertThat(everything.connector.type().auditDetails()).as("full isolation: nothing to flag").isEmpty();
  }

  @Test
  void aSocketToTheOutsideFailsForWantOfANetwork() {
    assertThat(text(hostile.invokeKeyed("connect", "{\"host\":\"1.1.1.1\",\"port\":80}")))
        .contains("refused: ENETUNREACH");
  }

  @Test
  void theHostsLoopbackServicesAreOutOfReach() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String said = text(hostile.invokeKeyed("connect",
          "{\"host\":\"127.0.0.1\",\"port\":" + listener.getLocalPort() + "}"));

      assertThat(said).contains("refused: ECONNREFUSED");
      listener.setSoTimeout(200);
      boolean accepted;
      try (var s = listener.accept()) {
        accepted = true;
      } catch (SocketTimeoutException e) {
        accepted = false;
      }
      assertThat(accepted).as("the host's listener saw a connection").isFalse();
    }
  }

  @Test
  void aHostFileOutsideItsMountsDoesNotExistForIt() throws Exception {
    Path secret = Path.of("target", "host-only-" + ProcessHandle.current().pid() + ".txt").toAbsolutePath();
    Files.writeString(secret, "host secret");
    try {
      assertThat(text(hostile.invokeKeyed("readfile", "{\"path\":\"" + secret + "\"}")))
          .contains("refused: ENOENT").doesNotContain("host secret");
      assertThat(text(hostile.invokeKeyed("readfile", "{\"path\":\"/etc/hostname\"}"))).contains("refused: ENOENT");
      assertThat(text(hostile.invokeKeyed("readfile", "{\"path\":\"" + NodeServers.hostile() + "\"}")))
          .as("its own mounted script is readable").contains("read: ");
    } finally {
      Files.deleteIfExists(secret);
    }
  }

  @Test
  void itsEnvironmentHoldsOnlyTheSpecsVariables() {
    assertThat(text(hostile.invoke("env", "{}"))).contains("MODE").contains("sandboxed").doesNotContain("PATH")
        .doesNotContain("HOME");
  }
}
