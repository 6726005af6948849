package io.cynodeai.connector.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.core.egress.EgressPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The standalone server's egress: public addresses only unless {@code --egress} opens more. */
@Tag("REQ-EGRESS-002")
class McpMainTest {

  @Test
  void withoutTheOptionConnectorsReachPublicAddressesOnly() {
    assertThat(McpMain.egress(null)).isEqualTo(EgressPolicy.publicOnly());
  }

  @Test
  void theOptionOpensLoopbackOrEverythingByName() {
    assertThat(McpMain.egress("loopback")).isEqualTo(EgressPolicy.loopbackOnly());
    assertThat(McpMain.egress("Unrestricted")).isEqualTo(EgressPolicy.unrestricted());
    assertThat(McpMain.egress("public")).isEqualTo(EgressPolicy.publicOnly());
  }

  @Test
  void anUnknownModeIsRefused() {
    assertThatThrownBy(() -> McpMain.egress("open"))
        .hasMessage("--egress must be public, loopback or unrestricted, was 'open'");
  }
}
