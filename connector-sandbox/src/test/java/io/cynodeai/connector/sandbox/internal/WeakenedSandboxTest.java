package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.sandbox.ProbeResult;
import io.cynodeai.connector.sandbox.SandboxLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Verification is a real check: a child that shares the host's network and PID namespaces and keeps the host's
 * environment is reported as not enforced on exactly those probes; the other layers still hold.
 */
@Tag("REQ-GOV-008")
class WeakenedSandboxTest {

  @Test
  void sharingTheNetworkAndPidNamespacesAndTheEnvironmentFailsTheirProbes() {
    IsolationSupport.Outcome isolation = IsolationSupport.check();
    assertThat(isolation).as(isolation.description()).isInstanceOf(IsolationSupport.Available.class);
    ChildLauncher weakened = new ChildLauncher(SandboxProbes.class.getName(), List.of(),
        SandboxLimits.defaults().withMaxHeapMegabytes(32), Clock.systemUTC(), isolation,
        EnumSet.allOf(BubblewrapCommand.Weakening.class));

    Map<String, ProbeResult> results = new ProbeRunner(weakened, Duration.ofMillis(1500)).runAll().stream()
        .collect(Collectors.toMap(ProbeResult::probe, r -> r));

    assertThat(weakened.weaker()).isTrue();
    assertThat(weakened.isolationDescription()).contains("WEAKENED");
    assertThat(results.get("connect_host_loopback").enforced()).isFalse();
    assertThat(results.get("connect_host_loopback").observed()).startsWith("escaped (connected to 127.0.0.1");
    assertThat(results.get("read_environment").enforced()).isFalse();
    assertThat(results.get("signal_host").enforced()).isFalse();
    assertThat(results.get("signal_host").observed()).contains("the host process is visible");
    // The layers that were not weakened still hold.
    assertThat(results.get("read_host_file").enforced()).as(results.toString()).isTrue();
    assertThat(results.get("write_file").enforced()).isTrue();
    assertThat(results.get("exceed_processes").enforced()).isTrue();
    assertThat(results.get("exceed_memory").enforced()).isTrue();
    assertThat(results.get("exceed_time").enforced()).isTrue();
  }
}
