package io.cynodeai.connector.mcp.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-instance server processes stopped after their idle timeout, on a clock the test moves. */
class McpServersTest {
  private static final McpServerSpec SPEC =
      McpServerSpec.builder("files", "node").allowTools("read").credentialKeys("apiKey").build();

  @Test
  void aProcessIsStoppedOnlyOnceNoCallHasUsedItForTheIdleTimeout() {
    AtomicLong nanos = new AtomicLong();
    // processes that are never called start nothing: the bookkeeping is what is under test
    try (McpServers servers = McpServers.perInstance(() -> new McpServerProcess(SPEC), Duration.ofSeconds(10),
        nanos::get)) {
      McpServers.Use call = servers.use("a");
      McpServerProcess first = call.process();
      try (McpServers.Use other = servers.use("b")) {
        assertThat(other.process()).as("each instance its own process").isNotSameAs(first);
      }
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(11));
      servers.stopIdle();
      assertThat(servers.kept()).as("b was idle; a has a call in flight").isEqualTo(1);

      call.close();
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(9));
      servers.stopIdle();
      assertThat(servers.kept()).as("a's last call ended 9 s ago").isEqualTo(1);
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
      servers.stopIdle();
      assertThat(servers.kept()).isZero();

      try (McpServers.Use again = servers.use("a")) {
        assertThat(again.process()).as("the next call gets a new process").isNotSameAs(first);
      }
    }
  }

  @Test
  void anIdleTimeoutMustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpServerSpec.builder("files", "node")
        .allowTools("read").idleTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
  }
}
