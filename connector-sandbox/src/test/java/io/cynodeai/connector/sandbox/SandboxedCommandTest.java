package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.sandbox.internal.IsolationSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Any program under the sandbox's OS boundary: what it sees, and where the boundary is missing. */
class SandboxedCommandTest {

  @Test
  void aProgramSeesItsMountsAndItsOwnTmpAndNothingElseOfTheHost() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "mounted-" + ProcessHandle.current().pid()));
    Path data = Files.writeString(dir.resolve("data.txt").toAbsolutePath(), "mounted\n");
    Path hidden = Files.writeString(Path.of("target", "hidden-" + ProcessHandle.current().pid()).toAbsolutePath(),
        "host only");
    try {
      // a checkout under /tmp mounts the data file below the sandbox's /tmp: that one entry is the mount's own
      String listTmp = data.startsWith("/tmp/") ? "ls -A /tmp | grep -vxF " + data.getName(1) + " | wc -l;"
          : "ls -A /tmp | wc -l;";
      SandboxedCommand cmd = SandboxedCommand.of(SandboxLimits.defaults(), "sh",
          List.of("-c", "cat " + data + "; cat " + hidden + " 2>/dev/null || echo hidden-missing; " + listTmp
              + " id -u; cat /sys/class/net/*/address 2>/dev/null | wc -l"), List.of(data));
      Process p = new ProcessBuilder(cmd.command()).directory(cmd.workingDirectory().toFile()).start();
      p.getOutputStream().close();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

      assertThat(cmd.weaker()).isFalse();
      assertThat(cmd.command()).contains("--unshare-net", "--clearenv");
      assertThat(out.get(0)).isEqualTo("mounted");
      assertThat(out.get(1)).isEqualTo("hidden-missing");
      assertThat(out.get(2)).as("its /tmp is its own, empty").isEqualTo("0");
      assertThat(out.get(3)).as("never root").isNotEqualTo("0");
    } finally {
      Files.deleteIfExists(hidden);
      Files.deleteIfExists(data);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void whereTheBoundaryIsMissingNothingRunsUnlessAWeakerIsolationIsAccepted() {
    IsolationSupport.Unavailable missing = new IsolationSupport.Unavailable("bubblewrap (bwrap) is not installed",
        null);

    assertThatThrownBy(() -> SandboxedCommand.of(SandboxLimits.defaults(), "sh", List.of(), List.of(), missing))
        .isInstanceOfSatisfying(SandboxLoadException.class, e -> {
          assertThat(e.code()).isEqualTo("sandbox_isolation_unavailable");
          assertThat(e.getMessage()).contains("bubblewrap (bwrap) is not installed");
        });
    SandboxedCommand weaker = SandboxedCommand.of(SandboxLimits.defaults().withAllowWeakerIsolation(true), "sh",
        List.of(), List.of(), missing);
    assertThat(weaker.weaker()).isTrue();
    assertThat(weaker.isolation()).startsWith("weaker isolation");
    assertThat(weaker.command()).doesNotContain("--unshare-net");
  }

  @Test
  void anUnknownProgramIsAClearError() {
    assertThatThrownBy(() -> SandboxedCommand.of(SandboxLimits.defaults(), "no-such-program-xyz", List.of(),
        List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the program 'no-such-program-xyz' is not on this host's PATH");
  }
}
