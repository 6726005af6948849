package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A badly behaved MCP server of our own ({@code src/test/node/hostile-server.mjs}) in a real engine. */
class HostileServerIT {
  private static BridgeHarness host;

  @BeforeAll
  static void start() throws Exception {
    host = new BridgeHarness(McpServerSpec.builder("hostile", "node").args(NodeServers.hostile().toString())
        .allowTools("hang", "huge", "fail", "env", "crash", "write", "calls").callTimeout(Duration.ofSeconds(2)).build());
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void aHungCallIsCutAtTheOperationsTimeoutAndTheServerStillServes() {
    long started = System.nanoTime();
    Outcome outcome = host.invokeKeyed("hang", "{}");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).code()).isEqualTo("timeout");
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(10));
    assertThat(host.invoke("env", "{}")).isInstanceOf(Succeeded.class);
  }

  @Test
  void aHugeResultIsCutToTheResponseCap() {
    Outcome outcome = host.invoke("huge", "{\"chars\":2000000}");

    assertThat(outcome).isInstanceOf(Succeeded.class);
    Succeeded succeeded = (Succeeded) outcome;
    assertThat(succeeded.response().truncated()).isTrue();
    assertThat(succeeded.response().data().toString().length()).isLessThanOrEqualTo(256 * 1024);
    assertThat(succeeded.response().warnings()).anySatisfy(w -> assertThat(w).contains("truncated"));
  }

  @Test
  void aBadInputIsRefusedByTheEngineBeforeTheServerSeesIt() {
    int before = calls();
    Outcome bad = host.invoke("huge", "{\"chars\":\"lots\"}");

    assertThat(bad).isInstanceOf(Failed.class);
    assertThat(((Failed) bad).failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(calls()).isEqualTo(before + 1); // only the counting call itself reached the server
  }

  private static int calls() {
    return ((Succeeded) host.invoke("calls", "{}")).response().data().get("calls").asInt();
  }

  @Test
  void anIsErrorResultIsATypedPermanentFailureWithATruncatedMessage() {
    host.audit.clear();
    Outcome outcome = host.invoke("fail", "{\"note\":\"caller-argument-value\"}");

    assertThat(outcome).isInstanceOf(Failed.class);
    Failed failed = (Failed) outcome;
    assertThat(failed.code()).isEqualTo("tool_error");
    assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).startsWith("the MCP tool 'fail' reported an error: the tool broke:")
        .doesNotContain("caller-argument-value").hasSizeLessThan(300);
    assertThat(host.audit.events(e -> e.type() == AuditEventType.INVOCATION)).singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("tool_error"));
  }

  @Test
  void aToolWithoutAReadOnlyHintIsMutatingAndNeedsAnIdempotencyKey() {
    assertThat(host.connector.type().operation("write").orElseThrow().mutating()).isTrue();
    assertThat(host.connector.type().operation("write").orElseThrow().supportsIdempotency()).isTrue();

    Outcome unkeyed = host.invoke("write", "{}");
    assertThat(unkeyed).isInstanceOf(Failed.class);
    assertThat(((Failed) unkeyed).code()).isEqualTo("idempotency_key_required");
    assertThat(host.invokeKeyed("write", "{}")).isInstanceOf(Succeeded.class);
  }

  @Test
  void theServerProcessInheritsNoEnvironment() {
    Outcome outcome = host.invoke("env", "{}");

    String text = ((Succeeded) outcome).response().data().get("text").asText();
    assertThat(JsonResources.parse(text).size()).as(text).isZero();
  }

  @Test
  void aServerThatDiedIsStartedAgainOnTheNextCall() {
    int startsBefore = host.connector.processStarts();
    Outcome crashed = host.invoke("crash", "{}");

    assertThat(crashed).isInstanceOf(Failed.class);
    assertThat(((Failed) crashed).code()).isEqualTo("mcp_server_exited");
    assertThat(host.invoke("env", "{}")).isInstanceOf(Succeeded.class);
    assertThat(host.connector.processStarts()).isEqualTo(startsBefore + 1);
  }

  @Test
  void closingTheConnectorEndsTheServerProcess() throws Exception {
    java.util.Set<ProcessHandle> before = hostileProcesses();
    java.util.Set<ProcessHandle> started;
    try (BridgeHarness other = new BridgeHarness(McpServerSpec.builder("hostile", "node")
        .args(NodeServers.hostile().toString()).allowTools("env").build())) {
      assertThat(other.invoke("env", "{}")).isInstanceOf(Succeeded.class);
      started = hostileProcesses();
      started.removeAll(before);
      assertThat(started).hasSize(1);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (ProcessHandle process : started) {
      process.onExit().get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
      assertThat(process.isAlive()).isFalse();
    }
  }

  private static java.util.Set<ProcessHandle> hostileProcesses() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("hostile-server.mjs"))
        .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
  }
}
