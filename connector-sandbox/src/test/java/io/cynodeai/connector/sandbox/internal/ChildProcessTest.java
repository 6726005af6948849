package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The parent's channel against real (non-Java) child processes that misbehave in each way. */
@Tag("REQ-EGRESS-006")
class ChildProcessTest {

  private static ChildProcess shell(String script, long maxOutput) throws IOException {
    return new ChildProcess(new ProcessBuilder("sh", "-c", script).start(), maxOutput, 32, Clock.systemUTC());
  }

  private static ProviderException failure(ChildProcess child, Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> child.receive(deadline));
    assertThat(t).isInstanceOf(ProviderException.class);
    return (ProviderException) t;
  }

  @Test
  void garbageOnStdoutIsAProtocolError() throws Exception {
    try (ChildProcess child = shell("echo 'not json'; sleep 10", 4096)) {
      ProviderException e = failure(child, Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo("sandbox_protocol_error");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
      assertThat(e.getMessage()).doesNotContain("not json");
    }
  }

  @Test
  void aJsonMessageWithoutATypeIsAProtocolError() throws Exception {
    try (ChildProcess child = shell("echo '{\"data\":1}'; sleep 10", 4096)) {
      assertThat(failure(child, Duration.ofSeconds(10)).code()).isEqualTo("sandbox_protocol_error");
    }
  }

  @Test
  void anExitWithoutAnswerIsACrashWithItsExitCode() throws Exception {
    try (ChildProcess child = shell("exit 7", 4096)) {
      ProviderException e = failure(child, Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo("sandbox_crashed");
      assertThat(e.getMessage()).contains("exit code 7").doesNotContain("memory");
    }
  }

  @Test
  void outputBeyondTheCapIsRefusedAndTheChildKilled() throws Exception {
    try (ChildProcess child = shell("yes '{\"type\":\"x\"}' | head -c 100000 | tr -d '\\n'; sleep 10", 8192)) {
      ProviderException e = failure(child, Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo("sandbox_output_exceeded");
      assertThat(child.handle().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
    }
  }

  @Test
  void silenceUntilTheDeadlineIsATimeoutAndCloseKillsTheChildAndItsDescendants() throws Exception {
    ChildProcess child = shell("sleep 30 & sleep 30", 4096);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (child.handle().descendants().count() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling with a deadline until the shell has started both sleeps
    }
    java.util.List<ProcessHandle> descendants = child.handle().descendants().toList();
    assertThat(descendants).hasSize(2);

    ProviderException e = failure(child, Duration.ofMillis(300));
    child.close();

    assertThat(e.code()).isEqualTo("timeout");
    assertThat(e.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
    assertThat(child.handle().isAlive()).isFalse();
    assertThat(descendants).isNotEmpty().allMatch(ChildProcess::ended); // gone, or a zombie awaiting its reaper
  }

  @Test
  void writingToAChildThatIsGoneIsACrash() throws Exception {
    try (ChildProcess child = shell("exit 3", 4096)) {
      child.handle().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
        for (int i = 0; i < 1000; i++) {
          child.send(Messages.of("x").put("pad", "p".repeat(1000)));
        }
      });
      assertThatThrownBy(() -> { throw t; }).isInstanceOfSatisfying(ProviderException.class,
          pe -> assertThat(pe.code()).isEqualTo("sandbox_crashed"));
    }
  }
}
