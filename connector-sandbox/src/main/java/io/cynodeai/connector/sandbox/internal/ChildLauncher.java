package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.spi.ConnectorProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Starts child JVMs for one sandboxed connector type (REQ-EGRESS-005): {@code java} from the parent's own
 * installation (so the child runs the host's JDK), under the OS boundary of {@link BubblewrapCommand} where
 * {@link IsolationSupport} finds it (else, the host having accepted it, as a plain child with the resource limits
 * only), with an empty environment, a heap cap, one processor (pinned to one CPU where the OS allows, see
 * {@link CpuPinning}) and exit on out-of-memory. The class path is the sandbox runtime (this module, the SPI, the
 * API, Jackson) plus the connector's own entries, mounted read-only. Secrets are never put on the command line or
 * in the environment. Thread-safe.
 */
public final class ChildLauncher {
  private final String providerClass;
  private final SandboxLimits limits;
  private final IsolationSupport.Outcome isolation;
  private final Set<BubblewrapCommand.Weakening> weakenings;
  private final List<Path> connectorClassPath;
  private final List<Path> classPath;
  private final Path javaHome = Path.of(System.getProperty("java.home"));
  private final Clock clock;
  private @Nullable Path workDir;

  public ChildLauncher(String providerClass, List<Path> connectorClassPath, SandboxLimits limits, Clock clock) {
    this(providerClass, connectorClassPath, limits, clock, IsolationSupport.check(), Set.of());
  }

  /** A launcher with the given isolation (normally {@link IsolationSupport#check()}). */
  public static ChildLauncher of(String providerClass, List<Path> connectorClassPath, SandboxLimits limits,
      Clock clock, IsolationSupport.Outcome isolation) {
    return new ChildLauncher(providerClass, connectorClassPath, limits, clock, isolation, Set.of());
  }

  /** With a given isolation and weakenings: only for proving that verification detects a weakened sandbox. */
  ChildLauncher(String providerClass, List<Path> connectorClassPath, SandboxLimits limits, Clock clock,
      IsolationSupport.Outcome isolation, Set<BubblewrapCommand.Weakening> weakenings) {
    this.providerClass = providerClass;
    this.limits = limits;
    this.clock = clock;
    this.isolation = isolation;
    this.weakenings = Set.copyOf(weakenings);
    this.connectorClassPath = List.copyOf(connectorClassPath);
    Set<Path> entries = new LinkedHashSet<>();
    for (Class<?> anchor : List.of(ChildLauncher.class, ConnectorProvider.class, ExecutionMode.class,
        JsonNode.class, JsonParser.class, JsonProperty.class)) {
      entries.add(location(anchor));
    }
    for (Path p : connectorClassPath) {
      entries.add(p.toAbsolutePath());
    }
    this.classPath = List.copyOf(entries);
  }

  /** The command that starts a child; it names classes, paths and limits only (and the CPU it is pinned to). */
  List<String> command() {
    List<String> cmd = new ArrayList<>(CpuPinning.prefix());
    List<String> childClassPath = new ArrayList<>();
    String tmpDir;
    if (isolation instanceof IsolationSupport.Available available) {
      cmd.addAll(BubblewrapCommand.prefix(available.tools(), limits, javaHome, classPath, weakenings));
      for (int i = 0; i < classPath.size(); i++) {
        childClassPath.add(BubblewrapCommand.sandboxPath(classPath, i));
      }
      tmpDir = "/tmp";
    } else {
      IsolationSupport.Unavailable unavailable = (IsolationSupport.Unavailable) isolation;
      if (unavailable.prlimit() != null) {
        cmd.addAll(BubblewrapCommand.limits(unavailable.prlimit(), limits));
      }
      classPath.forEach(p -> childClassPath.add(p.toString()));
      tmpDir = workDir().toString();
    }
    cmd.add(javaHome.resolve("bin").resolve("java").toString());
    cmd.add("-Xmx" + limits.maxHeapMegabytes() + "m");
    cmd.add("-Xss512k");
    cmd.add("-XX:MaxMetaspaceSize=96m");
    cmd.add("-XX:ActiveProcessorCount=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr"); // the JVM's own warnings stay off the protocol stream
    cmd.add("-XX:+DisableAttachMechanism");
    cmd.add("-Xshare:auto");
    cmd.add("-Djava.io.tmpdir=" + tmpDir);
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, childClassPath));
    cmd.add(SandboxMain.class.getName());
    cmd.add(providerClass);
    return cmd;
  }

  /** Starts a child (in a cgroup of its own where the host delegates one, see {@link CgroupDelegation}). */
  public ChildProcess start() {
    List<String> joinGroup = CgroupDelegation.prefix(CgroupDelegation.detect(), limits);
    List<String> cmd = new ArrayList<>(joinGroup);
    cmd.addAll(command());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // Under bwrap the child starts in its own /tmp; the wrappers outside start in / (not the host's directory).
    pb.directory(isolation instanceof IsolationSupport.Available ? new File("/") : workDir().toFile());
    if (!weakenings.contains(BubblewrapCommand.Weakening.KEEP_ENVIRONMENT)) {
      pb.environment().clear();
    }
    try {
      Process process = pb.start();
      java.nio.file.Path group = CgroupDelegation.group(joinGroup);
      if (group != null) {
        process.onExit().thenRun(() -> CgroupDelegation.remove(group));
      }
      return new ChildProcess(process, limits.maxOutputBytes(), limits.maxHeapMegabytes(), clock);
    } catch (IOException e) {
      throw SandboxFailures.crashed(-1, false, limits.maxHeapMegabytes());
    }
  }

  /** How children of this launcher are isolated, for reports. */
  public IsolationSupport.Outcome isolation() {
    return isolation;
  }

  /** Whether the children lack the OS boundary or run with a weakened one. */
  public boolean weaker() {
    return !(isolation instanceof IsolationSupport.Available) || !weakenings.isEmpty();
  }

  /** A one-line description of the isolation, naming a weaker one as such. */
  public String isolationDescription() {
    return isolation.description() + (weakenings.isEmpty() ? "" : "; WEAKENED: " + weakenings);
  }

  /** Whether children get cgroup v2 limits here, and if not, why not. */
  public String cgroupDescription() {
    return CgroupDelegation.detect().description();
  }

  public SandboxLimits limits() {
    return limits;
  }

  public Clock clock() {
    return clock;
  }

  /** With other limits, same isolation. */
  ChildLauncher withLimits(SandboxLimits other) {
    return new ChildLauncher(providerClass, connectorClassPath, other, clock, isolation,
        weakenings);
  }

  /** The private working directory of a child in the weaker mode (a host temp directory). */
  private synchronized Path workDir() {
    if (workDir == null) {
      try {
        workDir = Files.createTempDirectory("connector-sandbox-");
      } catch (IOException e) {
        throw new UncheckedIOException("the sandbox's working directory could not be created", e);
      }
      workDir.toFile().deleteOnExit();
    }
    return workDir;
  }

  private static Path location(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("the class path entry of " + anchor.getName() + " cannot be located", e);
    }
  }
}
