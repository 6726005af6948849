package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.sandbox.internal.CgroupDelegation;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sandbox verification probes, each run in a real child JVM under the OS boundary. */
@Tag("REQ-GOV-008")
class SandboxVerificationTest {

  @Test
  void everyProbeIsStoppedByTheOsLayerMeantToStopIt() {
    SandboxVerificationReport report = SandboxVerification.verify(SandboxLimits.defaults().withMaxHeapMegabytes(32),
        Duration.ofMillis(1500));

    assertThat(report.isolation()).as(report.toString()).startsWith("bubblewrap:").contains("a seccomp filter");
    // cgroup limits: what this host delegates, said as such, never pretended (CgroupDelegationTest has both cases)
    assertThat(report.cgroupLimits()).isEqualTo(CgroupDelegation.detect().description());
    if (CgroupDelegation.detect() instanceof CgroupDelegation.NotDelegated) {
      assertThat(report.cgroupLimits()).startsWith("cgroup v2 limits: not available (");
    }
    assertThat(report.probes()).extracting(ProbeResult::probe).containsExactly("open_socket", "resolve_dns",
        "connect_host_loopback", "read_host_file", "read_home", "write_file", "read_environment", "signal_host",
        "create_namespace", "exceed_processes", "exceed_threads", "exceed_native_memory", "exceed_memory",
        "exceed_cpu", "exceed_time", "exceed_output");
    assertThat(report.failures()).as(report.toString()).isEmpty();
    assertThat(report.allEnforced()).isTrue();
    Map<String, ProbeResult> byName = report.probes().stream()
        .collect(Collectors.toMap(ProbeResult::probe, p -> p));
    assertThat(byName.get("open_socket").stoppedBy()).startsWith("network namespace");
    assertThat(byName.get("resolve_dns").stoppedBy()).startsWith("network namespace");
    assertThat(byName.get("connect_host_loopback").stoppedBy()).startsWith("network namespace");
    assertThat(byName.get("read_host_file").stoppedBy()).startsWith("mount namespace");
    assertThat(byName.get("write_file").stoppedBy()).startsWith("mount namespace");
    assertThat(byName.get("read_environment").stoppedBy()).contains("clearenv");
    assertThat(byName.get("signal_host").stoppedBy()).startsWith("PID namespace");
    assertThat(byName.get("create_namespace").stoppedBy()).startsWith("seccomp filter");
    assertThat(byName.get("exceed_processes").stoppedBy()).startsWith("RLIMIT_NPROC");
    assertThat(byName.get("exceed_threads").stoppedBy()).startsWith("RLIMIT_NPROC");
    assertThat(byName.get("exceed_native_memory").stoppedBy()).startsWith("RLIMIT_AS");
    assertThat(byName.get("exceed_memory").stoppedBy()).startsWith("JVM heap cap");
    assertThat(byName.get("exceed_cpu").stoppedBy()).startsWith("RLIMIT_CPU");
    assertThat(byName.get("exceed_time").observed()).isEqualTo("timeout");
    assertThat(byName.get("exceed_output").observed()).isEqualTo("sandbox_output_exceeded");
  }
}
