package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reference server as a per-instance process (it declares a credential key): after its idle timeout without a
 * call the process is gone from the OS, and the instance's next call starts a new one.
 */
class IdleServerIT {

  private static long serverProcesses(String entry) {
    return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains(entry))
        .count();
  }

  @Test
  void anIdleInstanceProcessIsStoppedAndTheNextCallStartsAnother() throws Exception {
    String entry = NodeServers.everything().toString();
    try (BridgeHarness host = new BridgeHarness(EverythingServerIT.spec(NodeServers.everything())
        .allowTools("echo").credentialKeys("apiKey").idleTimeout(Duration.ofSeconds(2)).build())) {
      Outcome first = host.invoke("echo", "{\"message\":\"one\"}");
      assertThat(first).isInstanceOf(Succeeded.class);
      int starts = host.connector.processStarts(); // the process that listed the tools, and the instance's
      assertThat(serverProcesses(entry)).as("the instance's server process runs").isEqualTo(1);

      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (serverProcesses(entry) > 0) {
        assertThat(System.nanoTime()).as("the idle process is stopped within 20 s").isLessThan(until);
        Thread.onSpinWait();
      }

      Outcome second = host.invoke("echo", "{\"message\":\"two\"}");
      assertThat(second).isInstanceOf(Succeeded.class);
      assertThat(((Succeeded) second).response().data().get("text").asText()).isEqualTo("Echo: two");
      assertThat(host.connector.processStarts()).as("a new process for the next call").isEqualTo(starts + 1);
    }
  }
}
