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
  }

  @Test
  void aProviderNameThatIsNotAClassNameIsRefused() {
    assertThatThrownBy(() -> SandboxedConnectors.load("-XX:+Evil com.example.P", List.of(), SandboxLimits.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("providerClass");
  }
}
