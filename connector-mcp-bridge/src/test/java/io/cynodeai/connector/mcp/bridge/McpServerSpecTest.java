package io.cynodeai.connector.mcp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class McpServerSpecTest {

  @Test
  void aSpecNeedsAnAllowlist() {
    assertThatThrownBy(() -> McpServerSpec.builder("files", "node").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedTools must name at least one tool");
  }

  @Test
  void aCredentialLookingVariableIsRefusedWithoutItsValue() {
    assertThatThrownBy(() -> McpServerSpec.builder("files", "node").allowTools("read")
        .environment("GITHUB_TOKEN", "ghp_value").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment: 'GITHUB_TOKEN' looks like a credential; credentials never go into an MCP "
            + "server's environment");
  }

  @Test
  void aCredentialFlagIsRefusedWithoutItsValue() {
    assertThatThrownBy(() -> McpServerSpec.builder("files", "node").allowTools("read")
        .args("server.js", "--api-key=sk-live-value").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("args: '--api-key' looks like a credential flag; credentials never go on an MCP server's "
            + "command line")
        .message().doesNotContain("sk-live-value");
  }

  @Test
  void aCredentialKeyMustBeAKeyName() {
    assertThatThrownBy(() -> McpServerSpec.builder("files", "node").allowTools("read").credentialKeys("api key")
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a credential key is");
    assertThat(McpServerSpec.builder("files", "node").allowTools("read").credentialKeys("apiKey").build()
        .credentialKeys()).containsExactly("apiKey");
  }

  @Test
  void theEgressProxyIsForSandboxedServersOnly() {
    McpServerSpec spec = McpServerSpec.builder("files", "node").allowTools("read").egressProxy(true).build();
    assertThat(spec.egressProxy()).isTrue();
    assertThatThrownBy(() -> McpServerConnectors.load(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("egressProxy applies to a sandboxed server");
  }

  @Test
  void defaultsAndGivenValuesAreKept() {
    McpServerSpec spec = McpServerSpec.builder("files", "node").args("server.js").allowTools("read", "list")
        .environment("LANG", "C.UTF-8").build();

    assertThat(spec.typeVersion()).isEqualTo("1.0.0");
    assertThat(spec.callTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.allowedTools()).containsExactlyInAnyOrder("read", "list");
    assertThat(spec.environment()).containsOnlyKeys("LANG");
  }

  @Test
  void aNonPositiveTimeoutIsRefused() {
    assertThatThrownBy(() -> McpServerSpec.builder("files", "node").allowTools("read").callTimeout(Duration.ZERO)
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
  }
}
