package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.sandbox.SandboxLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The command prefix that runs a child under the OS boundary: {@code prlimit} (address space, processes and
 * threads, open files, CPU seconds, no core dumps), then {@code bwrap} with new network (only {@code lo}), PID, IPC,
 * UTS, cgroup and mount namespaces, a root holding only {@code /usr} (and its {@code /bin}, {@code /lib} links),
 * the JDK, the few {@code /etc} files the JVM reads and the class path, all read-only, plus a private size-capped
 * writable {@code /tmp}, a fresh {@code /proc} and a minimal {@code /dev}; no host home; an empty environment;
 * {@code --die-with-parent} and {@code --new-session}; no new privileges; and the {@link SeccompFilter} where
 * one is offered. Run as root, the child drops to a
 * dedicated unprivileged uid with no capabilities ({@code setpriv}) instead of a user namespace, which would map
 * it back to root, whom the process limit does not bind; run as another user, bwrap adds a user namespace.
 * Stateless apart from the uid counter; thread-safe.
 */
final class BubblewrapCommand {
  /** The first of the uids children run as when the host runs as root; one per child, so limits are per child. */
  static final int FIRST_UID = 1_900_000_000;
  /** The size of the child's private {@code /tmp}. */
  static final long TMP_BYTES = 64L * 1024 * 1024;
  /** Where the class path entries appear inside the sandbox. */
  static final String CLASS_PATH_ROOT = "/sandbox/cp";

  private static final AtomicInteger NEXT_UID = new AtomicInteger();

  /** Ways to weaken the boundary on purpose, only to prove that verification notices. */
  enum Weakening {
    SHARE_NETWORK, SHARE_PID, KEEP_ENVIRONMENT
  }

  private BubblewrapCommand() {}

  /** The resource-limit wrapper, {@code prlimit ... --}; also used without bubblewrap in the weaker mode. */
  static List<String> limits(Path prlimit, SandboxLimits limits) {
    return List.of(prlimit.toString(),
        "--as=" + (long) limits.maxAddressSpaceMegabytes() * 1024 * 1024,
        "--nproc=" + limits.maxProcesses(),
        "--nofile=" + limits.maxOpenFiles(),
        // Soft limit first: the kernel sends SIGXCPU (exit 152, recognised) there, SIGKILL a second later.
        "--cpu=" + limits.maxCpuSeconds() + ":" + (limits.maxCpuSeconds() + 1),
        "--core=0",
        "--");
  }

  /**
   * The full prefix up to (not including) the program the sandbox runs.
   *
   * @param tools the located {@code bwrap}, {@code prlimit} and (as root) {@code setpriv}
   * @param classPath the host paths to mount read-only, in order, at {@link #sandboxPath}
   */
  static List<String> prefix(IsolationSupport.Tools tools, SandboxLimits limits, Path javaHome,
      List<Path> classPath, Set<Weakening> weakenings) {
    return prefix(tools, limits, javaHome, classPath, weakenings, List.of());
  }

  /**
   * As above, with {@code sameMounts}: host paths mounted read-only at their own absolute paths (their parent
   * directories created empty, mode 755), for a program that names its files by host path (an MCP server).
   */
  static List<String> prefix(IsolationSupport.Tools tools, SandboxLimits limits, Path javaHome,
      List<Path> classPath, Set<Weakening> weakenings, List<Path> sameMounts) {
    return prefix(tools, limits, javaHome, classPath, weakenings, sameMounts, List.of());
  }

  /** As above, with further bwrap arguments (mounts) after the others: the class-data archive's. */
  static List<String> prefix(IsolationSupport.Tools tools, SandboxLimits limits, Path javaHome,
      List<Path> classPath, Set<Weakening> weakenings, List<Path> sameMounts, List<String> moreMounts) {
    List<String> cmd = new ArrayList<>(limits(tools.prlimit(), limits));
    if (tools.seccomp() != null) {
      // bwrap reads the filter from a descriptor; a shell opens the file on descriptor 3 and becomes bwrap.
      cmd.addAll(List.of("/bin/sh", "-c", "exec \"$@\" 3<\"$0\"", tools.seccomp().toString()));
    }
    cmd.add(tools.bwrap().toString());
    if (tools.seccomp() != null) {
      cmd.addAll(List.of("--seccomp", "3"));
    }
    if (tools.root()) {
      cmd.addAll(List.of("--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
    } else {
      cmd.addAll(List.of("--unshare-user", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
          "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL"));
    }
    if (!weakenings.contains(Weakening.SHARE_NETWORK)) {
      cmd.add("--unshare-net");
    }
    if (!weakenings.contains(Weakening.SHARE_PID)) {
      cmd.add("--unshare-pid");
    }
    cmd.addAll(List.of("--die-with-parent", "--new-session", "--hostname", "sandbox"));
    if (!weakenings.contains(Weakening.KEEP_ENVIRONMENT)) {
      cmd.add("--clearenv");
    }
    cmd.addAll(List.of("--ro-bind", "/usr", "/usr"));
    for (String link : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
      Path p = Path.of("/" + link);
      if (Files.isSymbolicLink(p)) {
        cmd.addAll(List.of("--symlink", readLink(p), p.toString()));
      } else if (Files.isDirectory(p)) {
        cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
      }
    }
    cmd.addAll(List.of("--perms", "0755", "--dir", "/etc"));
    for (Path etc : etcFiles()) {
      cmd.addAll(List.of("--ro-bind", etc.toString(), etc.toString()));
    }
    Path home = realPath(javaHome);
    if (!home.startsWith("/usr/")) {
      cmd.addAll(List.of("--ro-bind", home.toString(), javaHome.toAbsolutePath().toString()));
    }
    cmd.addAll(List.of("--perms", "0755", "--dir", "/sandbox", "--perms", "0755", "--dir", CLASS_PATH_ROOT));
    for (int i = 0; i < classPath.size(); i++) {
      cmd.addAll(List.of("--ro-bind", classPath.get(i).toAbsolutePath().toString(), sandboxPath(classPath, i)));
    }
    cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev",
        "--perms", "1777", "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp", "--chdir", "/tmp"));
    sameMounts(cmd, sameMounts);
    cmd.addAll(moreMounts);
    cmd.add("--");
    if (tools.root()) {
      int uid = FIRST_UID + Math.floorMod(NEXT_UID.getAndIncrement(), 1_000_000);
      cmd.addAll(List.of(tools.setpriv().toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
          "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
    }
    return cmd;
  }

  private static void sameMounts(List<String> cmd, List<Path> paths) {
    Set<Path> made = new java.util.HashSet<>();
    for (Path given : paths) {
      Path target = given.toAbsolutePath().normalize();
      if (target.startsWith("/usr") || target.getParent() == null) {
        continue; // /usr is mounted already; the root is never
      }
      List<Path> parents = new ArrayList<>();
      for (Path p = target.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
        parents.add(0, p);
      }
      for (Path parent : parents) {
        if (made.add(parent) && !parent.equals(Path.of("/tmp"))) {
          // bwrap would create them 700 as root: the unprivileged child could not walk into its own mounts
          cmd.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
        }
      }
      cmd.addAll(List.of("--ro-bind", realPath(target).toString(), target.toString()));
    }
  }

  /** Where the {@code i}th class path entry appears inside the sandbox. */
  static String sandboxPath(List<Path> classPath, int i) {
    String name = classPath.get(i).getFileName() == null ? "" : classPath.get(i).getFileName().toString();
    return CLASS_PATH_ROOT + "/" + i + (name.endsWith(".jar") ? ".jar" : "");
  }

  /** The {@code /etc} files the JVM reads: the dynamic loader's cache and a distribution's JDK configuration. */
  private static List<Path> etcFiles() {
    List<Path> files = new ArrayList<>();
    Path ldCache = Path.of("/etc/ld.so.cache");
    if (Files.isRegularFile(ldCache)) {
      files.add(ldCache);
    }
    try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
      etc.filter(p -> p.getFileName().toString().startsWith("java") && Files.isDirectory(p)).sorted()
          .forEach(files::add);
    } catch (IOException e) {
      // No /etc to read: the JDK then has its configuration in its own directory.
    }
    return files;
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the link " + link, e);
    }
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath();
    }
  }
}
