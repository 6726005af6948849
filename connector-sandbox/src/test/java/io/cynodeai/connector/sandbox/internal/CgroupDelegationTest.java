package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.sandbox.SandboxLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding a delegated cgroup v2 group, from /proc's files and the hierarchy's files (laid out in a temp dir as the
 * kernel lays them out), and the group a child gets; and what this host has.
 */
class CgroupDelegationTest {
  static final String HYBRID_MOUNTS = """
      31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      35 31 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      41 31 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      """;
  static final String UNIFIED_MOUNTS = "30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";

  @TempDir
  Path root;

  Path file(String path, String content) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  @Test
  void aHybridHostWhoseControllersAreOnCgroupV1IsNotDelegatedAndSaysWhy() throws Exception {
    Path mounts = file("proc/mountinfo", HYBRID_MOUNTS);
    Path cgroup = file("proc/cgroup", "4:memory:/x\n0::/\n");
    file("sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");

    CgroupDelegation.Outcome outcome = CgroupDelegation.detect(mounts, cgroup, root);

    assertThat(outcome.description()).isEqualTo("cgroup v2 limits: not available (the cgroup v2 group "
        + root.resolve("sys/fs/cgroup/unified") + " offers no memory, pids, cpu controller (offered: [hugetlb];"
        + " on a hybrid host they are bound to cgroup v1))");
  }

  @Test
  void aParentWhoseSubtreeLacksAControllerIsNotDelegated() throws Exception {
    Path mounts = file("proc/mountinfo", UNIFIED_MOUNTS);
    Path cgroup = file("proc/cgroup", "0::/app.service/host\n");
    file("sys/fs/cgroup/app.service/host/cgroup.controllers", "cpu memory pids\n");
    file("sys/fs/cgroup/app.service/cgroup.subtree_control", "memory pids\n");

    assertThat(CgroupDelegation.detect(mounts, cgroup, root)).isInstanceOfSatisfying(
        CgroupDelegation.NotDelegated.class, n -> assertThat(n.reason()).endsWith(
            "app.service/cgroup.subtree_control does not enable cpu"));
  }

  @Test
  void noCgroupV2MountIsNotDelegated() throws Exception {
    Path mounts = file("proc/mountinfo", "35 31 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
    Path cgroup = file("proc/cgroup", "4:memory:/x\n");

    assertThat(CgroupDelegation.detect(mounts, cgroup, root).description())
        .isEqualTo("cgroup v2 limits: not available (no cgroup v2 hierarchy is mounted)");
  }

  @Test
  void aDelegatedParentGivesEachChildAGroupWithItsLimitsAndThePrefixJoinsIt() throws Exception {
    Path mounts = file("proc/mountinfo", UNIFIED_MOUNTS);
    Path cgroup = file("proc/cgroup", "0::/app.service/host\n");
    file("sys/fs/cgroup/app.service/host/cgroup.controllers", "cpuset cpu io memory pids\n");
    file("sys/fs/cgroup/app.service/cgroup.subtree_control", "cpu memory pids\n");

    CgroupDelegation.Outcome outcome = CgroupDelegation.detect(mounts, cgroup, root);
    assertThat(outcome).isEqualTo(new CgroupDelegation.Delegated(root.resolve("sys/fs/cgroup/app.service")));

    SandboxLimits limits = SandboxLimits.defaults().withMaxHeapMegabytes(32).withMaxProcesses(64);
    List<String> prefix = CgroupDelegation.prefix(outcome, limits);
    Path group = CgroupDelegation.group(prefix);
    assertThat(group).isNotNull();
    assertThat(group.getParent()).isEqualTo(root.resolve("sys/fs/cgroup/app.service"));
    assertThat(Files.readString(group.resolve("memory.max"))).isEqualTo(Long.toString((32L + 192) * 1024 * 1024));
    assertThat(Files.readString(group.resolve("pids.max"))).isEqualTo("64");
    assertThat(Files.readString(group.resolve("cpu.max"))).isEqualTo("100000 100000");
    assertThat(prefix).containsExactly("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
        group.resolve("cgroup.procs").toString());

    // the prefix really moves the program before it runs: a plain file stands in for cgroup.procs here
    Process p = new ProcessBuilder(concat(prefix, List.of("/bin/sh", "-c", "echo $$"))).start();
    String pid = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readString(group.resolve("cgroup.procs")).trim()).isEqualTo(pid);
  }

  @Test
  void withoutDelegationChildrenGetNoPrefix() {
    assertThat(CgroupDelegation.prefix(new CgroupDelegation.NotDelegated("none"), SandboxLimits.defaults()))
        .isEmpty();
  }

  @Test
  void thisHostSaysWhatItHasAndNeverPretends() {
    CgroupDelegation.Outcome here = CgroupDelegation.detect();

    if (here instanceof CgroupDelegation.NotDelegated n) {
      assertThat(n.reason()).isNotBlank();
      assertThat(here.description()).startsWith("cgroup v2 limits: not available (");
    } else {
      Path parent = ((CgroupDelegation.Delegated) here).parent();
      assertThat(Files.isWritable(parent.resolve("cgroup.subtree_control"))).isTrue();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
