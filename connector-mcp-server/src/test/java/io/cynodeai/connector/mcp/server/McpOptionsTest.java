package io.cynodeai.connector.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standalone server's command line: who it acts for, its tenancy and state; bad options are refused. */
class McpOptionsTest {

  @Test
  void theServerActsForTheConfiguredUserGroupsAndProject() {
    McpOptions options = McpOptions.parse(new String[] {"--user", "carol", "--group", "ops", "--group", "sre",
        "--project", "p1", "--tenancy", "strict", "--state-dir", "/tmp/state"});
    assertThat(options.caller()).isEqualTo(new Caller("carol", List.of("ops", "sre"), "p1"));
    assertThat(options.tenancy()).isEqualTo("strict");
    assertThat(options.stateDir()).isEqualTo(Path.of("/tmp/state"));
  }

  @Test
  void byDefaultItIsSingleTenantWithStateInMemory() {
    McpOptions options = McpOptions.parse(new String[0]);
    assertThat(options.tenancy()).isEqualTo("single");
    assertThat(options.stateDir()).isNull();
    assertThat(options.caller().groupIds()).isEmpty();
    assertThat(options.user()).isNotBlank();
  }

  @Test
  void unknownOptionsMissingValuesAndBadModesAreRefused() {
    assertThatThrownBy(() -> McpOptions.parse(new String[] {"--users", "x"}))
        .hasMessage("unknown option '--users'");
    assertThatThrownBy(() -> McpOptions.parse(new String[] {"--group"})).hasMessage("option --group needs a value");
    assertThatThrownBy(() -> McpOptions.parse(new String[] {"--tenancy", "loose"}))
        .hasMessage("--tenancy must be single or strict, was 'loose'");
    assertThatThrownBy(() -> McpOptions.parse(new String[] {"--egress", "open"}))
        .hasMessageContaining("--egress must be public, loopback or unrestricted");
  }
}
