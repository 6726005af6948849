package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.sandbox.ProbeResult;
import io.cynodeai.connector.sandbox.SandboxLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Verification is a real check: a child with a permissive policy is reported as not enforced. */
@Tag("REQ-GOV-008")
class WeakenedSandboxTest {

  @Test
  void aPolicyThatGrantsEverythingFailsTheNetworkFileAndProcessProbes() {
    ChildLauncher permissive = new ChildLauncher(SandboxProbes.class.getName(), List.of(),
        SandboxLimits.defaults().withMaxHeapMegabytes(32), Clock.systemUTC(),
        "grant {\n  permission java.security.AllPermission;\n};\n");

    Map<String, ProbeResult> results = new ProbeRunner(permissive, Duration.ofMillis(1500)).runAll().stream()
        .collect(Collectors.toMap(ProbeResult::probe, r -> r));

    assertThat(results.get("open_socket").enforced()).isFalse();
    assertThat(results.get("open_socket").observed()).isEqualTo("escaped");
    assertThat(results.get("write_file").enforced()).isFalse();
    assertThat(results.get("read_environment").enforced()).isFalse();
    assertThat(results.get("disable_security_manager").enforced()).isFalse();
    // The limits do not depend on the policy: they still hold.
    assertThat(results.get("exceed_memory").enforced()).isTrue();
    assertThat(results.get("exceed_time").enforced()).isTrue();
  }
}
