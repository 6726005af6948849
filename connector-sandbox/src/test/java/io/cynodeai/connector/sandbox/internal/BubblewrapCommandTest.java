package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.sandbox.SandboxLimits;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The command that builds the boundary: what it unshares, mounts and limits, and what each weakening drops. */
@Tag("REQ-EGRESS-006")
class BubblewrapCommandTest {
  static final IsolationSupport.Tools ROOT = new IsolationSupport.Tools(Path.of("/usr/bin/bwrap"),
      Path.of("/usr/bin/prlimit"), Path.of("/usr/bin/setpriv"), true, Path.of("/tmp/filter.bpf"));
  static final List<Path> CLASS_PATH = List.of(Path.of("/opt/app/connector.jar"), Path.of("/opt/app/classes"));

  @Test
  void theChildGetsNewNamespacesAReadOnlyMinimalRootLimitsAndAnUnprivilegedUid() {
    SandboxLimits limits = SandboxLimits.defaults().withMaxProcesses(100).withMaxCpuSeconds(30);

    List<String> cmd = BubblewrapCommand.prefix(ROOT, limits, Path.of("/usr/lib/jvm/some-jdk"), CLASS_PATH,
        Set.of());
    String line = String.join(" ", cmd);

    assertThat(cmd.get(0)).isEqualTo("/usr/bin/prlimit");
    assertThat(cmd).contains("--nproc=100", "--cpu=30:31", "--nofile=256", "--as=" + 2048L * 1024 * 1024,
        "--core=0");
    assertThat(cmd).contains("--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--clearenv",
        "--die-with-parent", "--new-session");
    assertThat(line).contains("--seccomp 3").contains("--ro-bind /usr /usr")
        .contains("--ro-bind /opt/app/connector.jar /sandbox/cp/0.jar")
        .contains("--ro-bind /opt/app/classes /sandbox/cp/1")
        .contains("--size " + BubblewrapCommand.TMP_BYTES + " --tmpfs /tmp")
        .doesNotContain("/root").doesNotContain("/home").doesNotContain("--share-net");
    assertThat(line).containsPattern("setpriv --reuid=19\\d{8} --regid=19\\d{8} --clear-groups --inh-caps=-all"
        + " --bounding-set=-all --no-new-privs --$");
    assertThat(BubblewrapCommand.sandboxPath(CLASS_PATH, 1)).isEqualTo("/sandbox/cp/1");
  }

  @Test
  void eachChildAsRootGetsItsOwnUidSoTheProcessLimitIsItsOwn() {
    String first = uid(BubblewrapCommand.prefix(ROOT, SandboxLimits.defaults(), Path.of("/usr/lib/jvm/x"),
        List.of(), Set.of()));
    String second = uid(BubblewrapCommand.prefix(ROOT, SandboxLimits.defaults(), Path.of("/usr/lib/jvm/x"),
        List.of(), Set.of()));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aNonRootHostGetsAUserNamespaceWithoutCapabilitiesInstead() {
    IsolationSupport.Tools user = new IsolationSupport.Tools(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/prlimit"),
        null, false, null);

    List<String> cmd = BubblewrapCommand.prefix(user, SandboxLimits.defaults(), Path.of("/opt/jdk"), List.of(),
        Set.of());

    assertThat(String.join(" ", cmd)).contains("--unshare-user").contains("--cap-drop ALL")
        .contains("--ro-bind").contains("/opt/jdk").doesNotContain("setpriv").doesNotContain("--seccomp");
  }

  @Test
  void theWeakeningsDropExactlyTheirLayer() {
    List<String> weakened = BubblewrapCommand.prefix(ROOT, SandboxLimits.defaults(), Path.of("/usr/lib/jvm/x"),
        List.of(), EnumSet.allOf(BubblewrapCommand.Weakening.class));

    assertThat(weakened).doesNotContain("--unshare-net", "--unshare-pid", "--clearenv")
        .contains("--unshare-ipc", "--die-with-parent");
  }

  @Test
  void theSeccompProgramIsWholeInstructionsAndChecksTheArchitectureFirst() {
    byte[] program = SeccompFilter.program();

    assertThat(program.length % 8).isZero();
    assertThat(program.length / 8).isBetween(10, 255);
    assertThat(program[0]).isEqualTo((byte) 0x20); // load a word: the architecture at offset 4
    assertThat(program[4]).isEqualTo((byte) 4);
  }

  private static String uid(List<String> cmd) {
    return cmd.stream().filter(a -> a.startsWith("--reuid=")).findFirst().orElseThrow();
  }
}
