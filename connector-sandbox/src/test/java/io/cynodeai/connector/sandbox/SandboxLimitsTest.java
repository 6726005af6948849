package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bad limits and names are refused before any child starts. */
@Tag("REQ-EGRESS-006")
class SandboxLimitsTest {

  @Test
  void limitsBelowTheirFloorsAreRefused() {
    SandboxLimits d = SandboxLimits.defaults();
    assertThat(d.maxHeapMegabytes()).isEqualTo(64);
    assertThatThrownBy(() -> d.withMaxHeapMegabytes(8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxHeapMegabytes");
    assertThatThrownBy(() -> d.withMaxOutputBytes(100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOutputBytes");
    assertThatThrownBy(() -> d.withMaxHttpResponseBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxLimits(64, 4096, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout");
    assertThatThrownBy(() -> d.withMaxProcesses(8)).hasMessageContaining("maxProcesses");
    assertThatThrownBy(() -> d.withMaxOpenFiles(8)).hasMessageContaining("maxOpenFiles");
    assertThatThrownBy(() -> d.withMaxCpuSeconds(0)).hasMessageContaining("maxCpuSeconds");
    assertThatThrownBy(() -> d.withMaxAddressSpaceMegabytes(512)).hasMessageContaining("maxAddressSpaceMegabytes");
  }

  @Test
  void theOsLimitsHaveDefaultsAndWeakerIsolationIsOffUnlessAskedFor() {
    SandboxLimits d = SandboxLimits.defaults();
    assertThat(d).isEqualTo(new SandboxLimits(64, 1024 * 1024, 1024 * 1024, Duration.ofSeconds(20), 128, 256, 60,
        2048, false, 0, Duration.ofSeconds(60)));
    assertThat(d.withWarmWorkers(2, Duration.ofSeconds(5)).maxIdleWorkers()).isEqualTo(2);
    assertThatThrownBy(() -> d.withWarmWorkers(-1, Duration.ofSeconds(5))).hasMessageContaining("maxIdleWorkers");
    assertThat(d.allowWeakerIsolation()).isFalse();
    assertThat(d.withAllowWeakerIsolation(true).allowWeakerIsolation()).isTrue();
    assertThat(d.withMaxHeapMegabytes(32).maxAddressSpaceMegabytes()).isEqualTo(2048);
    assertThat(d.withMaxHeapMegabytes(4096).maxAddressSpaceMegabytes()).isEqualTo(4096 + 2048);
  }

  @Test
  void aProviderNameThatIsNotAClassNameIsRefused() {
    assertThatThrownBy(() -> SandboxedConnectors.load("-XX:+Evil com.example.P", List.of(), SandboxLimits.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("providerClass");
  }
}
