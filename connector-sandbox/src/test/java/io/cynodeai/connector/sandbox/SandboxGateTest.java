package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.sandbox.internal.IsolationSupport;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Untrusted code runs only where the sandbox was verified (REQ-GOV-008): a load on a host whose verification
 * reports an escaped probe is refused before any connector code starts, and loadUnverified is the one explicit
 * way around it. The realness of the verification itself is WeakenedSandboxTest's and SandboxVerificationTest's.
 */
@Tag("REQ-GOV-008")
class SandboxGateTest {

  @Test
  void aSandboxThatFailsItsVerificationLoadsNothingAndSaysWhatEscaped() throws Exception {
    AtomicInteger verified = new AtomicInteger();
    SandboxVerificationReport weak = new SandboxVerificationReport(List.of(
        new ProbeResult("open_socket", false, "escaped"), new ProbeResult("exceed_time", true, "timeout")));

    assertThatThrownBy(() -> SandboxedConnectors.load(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS, limits -> {
          verified.incrementAndGet();
          return weak;
        })).isInstanceOfSatisfying(SandboxLoadException.class, e -> {
          assertThat(e.code()).isEqualTo("sandbox_unverified");
          assertThat(e.getMessage()).contains("open_socket -> escaped").doesNotContain("exceed_time")
              .contains("loadUnverified");
        });
    assertThat(verified).hasValue(1);
  }

  @Test
  void theDefaultLoadVerifiesThisHostAndLoadsWhereEveryProbeWasPrevented() throws Exception {
    ConnectorType type = SandboxedConnectors.load(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS);

    assertThat(type.name()).isNotBlank();
    assertThat(SandboxedConnectors.verified(SandboxedEngineTest.LIMITS)).hasValueSatisfying(report -> {
      assertThat(report.allEnforced()).isTrue();
      assertThat(report.probes()).hasSizeGreaterThanOrEqualTo(10);
    });
  }

  @Test
  void whereTheOsIsolationIsMissingNothingLoadsAndTheReasonNamesWhatIsMissing() {
    IsolationSupport.Unavailable missing = new IsolationSupport.Unavailable(
        "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)", null);
    AtomicInteger verified = new AtomicInteger();

    for (boolean probed : List.of(true, false)) {
      assertThatThrownBy(() -> SandboxedConnectors.load(UntrustedConnector.class.getName(),
          List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS, probed ? limits -> {
            verified.incrementAndGet();
            return new SandboxVerificationReport(List.of());
          } : null, missing)).isInstanceOfSatisfying(SandboxLoadException.class, e -> {
            assertThat(e.code()).isEqualTo("sandbox_isolation_unavailable");
            assertThat(e.getMessage()).contains("bubblewrap (bwrap) is not installed")
                .contains("withAllowWeakerIsolation");
          });
    }
    assertThat(verified).as("nothing ran, not even the probes").hasValue(0);
  }

  @Test
  void aHostThatAcceptsWeakerIsolationLoadsAndEveryCallSaysSo() throws Exception {
    IsolationSupport.Unavailable missing = new IsolationSupport.Unavailable("bubblewrap (bwrap) is not installed",
        null);
    SandboxLimits weaker = SandboxedEngineTest.LIMITS.withAllowWeakerIsolation(true);
    SandboxVerificationReport failing = new SandboxVerificationReport(List.of(
        new ProbeResult("connect_host_loopback", false, "escaped")), missing.description());

    ConnectorType type = SandboxedConnectors.load(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), weaker, limits -> failing, missing);

    assertThat(type.name()).isEqualTo("untrusted");
    HandlerResult result = type.operation("echo").orElseThrow().handler()
        .handle(new TestContext("echo"), JsonResources.parse("{\"text\":\"hi\"}"));
    assertThat(result.json().path("text").asText()).isEqualTo("hi");
    assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith("sandbox: weaker isolation (OS boundary"
        + " unavailable: bubblewrap (bwrap) is not installed)"));
  }

  @Test
  void loadUnverifiedIsTheExplicitWayToAcceptAWeakerSandbox() throws Exception {
    ConnectorType type = SandboxedConnectors.loadUnverified(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS);

    assertThat(type.name()).isNotBlank();
  }
}
