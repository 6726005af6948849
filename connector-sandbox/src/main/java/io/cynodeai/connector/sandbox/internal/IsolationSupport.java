package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.sandbox.SandboxLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Whether this host can give a child the OS boundary: Linux, {@code bwrap} (bubblewrap), {@code prlimit}
 * (util-linux), {@code setpriv} when running as root, and namespaces bwrap is allowed to create, proved by running
 * {@code true} under the very prefix children get. Checked once per JVM (about 50 ms). Thread-safe.
 */
public final class IsolationSupport {
  private static final List<String> BIN_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin");
  private static volatile @Nullable Outcome cached;

  private IsolationSupport() {}

  /** The located tools. */
  public record Tools(Path bwrap, Path prlimit, @Nullable Path setpriv, boolean root, @Nullable Path seccomp) {
    Tools withoutSeccomp() {
      return new Tools(bwrap, prlimit, setpriv, root, null);
    }
  }

  /** What the check found: tools that work, or why not (naming what is missing). */
  public sealed interface Outcome {
    /** A one-line description for reports. */
    String description();
  }

  /** The OS boundary is available. */
  public record Available(Tools tools) implements Outcome {
    @Override
    public String description() {
      return "bubblewrap: network (loopback only), mount (read-only minimal root, private /tmp), PID, IPC, UTS"
          + (tools.root() ? " namespaces, a dedicated unprivileged uid without capabilities"
              : " and user namespaces")
          + ", no_new_privs, empty environment, "
          + (tools.seccomp() != null ? "a seccomp filter" : "no seccomp filter")
          + "; prlimit: address space, processes/threads, open files, CPU time";
    }
  }

  /** The OS boundary cannot be had here. */
  public record Unavailable(String reason, @Nullable Path prlimit) implements Outcome {
    @Override
    public String description() {
      return "weaker isolation (OS boundary unavailable: " + reason + "): a plain child process"
          + (prlimit != null ? " with prlimit's resource limits" : " with the JVM's heap cap only")
          + ", an empty environment, no namespaces";
    }
  }

  /** The host's isolation, checked on first use. */
  public static Outcome check() {
    Outcome outcome = cached;
    if (outcome == null) {
      outcome = detect();
      cached = outcome;
    }
    return outcome;
  }

  private static Outcome detect() {
    Path prlimit = find("prlimit").orElse(null);
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return new Unavailable("OS-level isolation needs Linux namespaces; this is " + System.getProperty("os.name"),
          prlimit);
    }
    Optional<Path> bwrap = find("bwrap");
    if (bwrap.isEmpty()) {
      return new Unavailable("bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)",
          prlimit);
    }
    if (prlimit == null) {
      return new Unavailable("prlimit (util-linux) is not installed", null);
    }
    boolean root = isRoot();
    Path setpriv = find("setpriv").orElse(null);
    if (root && setpriv == null) {
      return new Unavailable("setpriv (util-linux) is not installed, needed to drop root in the sandbox", prlimit);
    }
    Tools tools = new Tools(bwrap.get(), prlimit, setpriv, root, SeccompFilter.file().orElse(null));
    String failure = tryRun(tools);
    if (failure != null && tools.seccomp() != null && tryRun(tools.withoutSeccomp()) == null) {
      return new Available(tools.withoutSeccomp()); // the kernel or bwrap refuses the filter: namespaces only
    }
    return failure == null ? new Available(tools) : new Unavailable(failure, prlimit);
  }

  /** Runs {@code true} under the children's prefix; null when it worked, else why not. */
  private static @Nullable String tryRun(Tools tools) {
    Path truePath = find("true").orElse(Path.of("/usr/bin/true"));
    List<String> cmd = new ArrayList<>(BubblewrapCommand.prefix(tools, SandboxLimits.defaults(),
        Path.of(System.getProperty("java.home")), List.of(), Set.of()));
    cmd.add(truePath.toString());
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "bwrap did not finish a trial run within 20 s";
      }
      String err = new String(p.getErrorStream().readNBytes(400), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 ? null : "bwrap cannot create the sandbox here (exit " + p.exitValue()
          + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")) + ")";
    } catch (IOException e) {
      return "bwrap could not be started (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while checking bwrap";
    }
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  static Optional<Path> find(String tool) {
    List<String> dirs = new ArrayList<>(BIN_DIRS);
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
        .findFirst();
  }
}
