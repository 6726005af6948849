package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sandbox verification probes, each run in a real child JVM. */
@Tag("REQ-GOV-008")
class SandboxVerificationTest {

  @Test
  void everyProbeIsEnforcedByTheSandbox() {
    SandboxVerificationReport report = SandboxVerification.verify(SandboxLimits.defaults().withMaxHeapMegabytes(32),
        Duration.ofMillis(1500));

    assertThat(report.probes()).extracting(ProbeResult::probe).containsExactly("open_socket", "direct_http",
        "resolve_dns", "write_file", "read_home", "read_environment", "exec_process", "disable_security_manager",
        "exceed_memory", "exceed_time");
    assertThat(report.failures()).as(report.toString()).isEmpty();
    assertThat(report.allEnforced()).isTrue();
    assertThat(report.probes()).filteredOn(p -> p.probe().equals("exceed_time")).extracting(ProbeResult::observed)
        .containsExactly("timeout");
  }
}
