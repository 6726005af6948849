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
  private final List<Path> runtimeClassPath;
  private final List<Path> classPath;
  private final ClassDataArchive archive;
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
    this(providerClass, connectorClassPath, limits, clock, isolation, weakenings, null,
        ClassDataArchive.defaultArchive());
  }

  private ChildLauncher(String providerClass, List<Path> connectorClassPath, SandboxLimits limits, Clock clock,
      IsolationSupport.Outcome isolation, Set<BubblewrapCommand.Weakening> weakenings,
      @Nullable List<Path> runtime, ClassDataArchive archive) {
    this.providerClass = providerClass;
    this.limits = limits;
    this.clock = clock;
    this.isolation = isolation;
    this.weakenings = Set.copyOf(weakenings);
    this.connectorClassPath = List.copyOf(connectorClassPath);
    this.archive = archive;
    Set<Path> entries = new LinkedHashSet<>();
    if (runtime != null) {
      runtime.forEach(p -> entries.add(p.toAbsolutePath()));
    } else {
      for (Class<?> anchor : List.of(ChildLauncher.class, ConnectorProvider.class, ExecutionMode.class,
          JsonNode.class, JsonParser.class, JsonProperty.class)) {
        entries.add(location(anchor));
      }
    }
    this.runtimeClassPath = List.copyOf(entries); // first on every child's class path: the archive's prefix
    for (Path p : connectorClassPath) {
      entries.add(p.toAbsolutePath());
    }
    this.classPath = List.copyOf(entries);
  }

  /** The command that starts a child; it names classes, paths and limits only (and the CPU it is pinned to). */
  List<String> command() {
    List<String> cmd = new ArrayList<>(CpuPinning.prefix());
    List<String> childClassPath = new ArrayList<>();
    List<String> jvmOptions = jvmOptions();
    String tmpDir;
    if (isolation instanceof IsolationSupport.Available available) {
      Path archived = archived(jvmOptions);
      List<String> archiveMount = archived == null ? List.of() : List.of("--perms", "0755", "--dir", "/sandbox/cds",
          "--ro-bind", archived.toString(), ClassDataArchive.IN_SANDBOX);
      cmd.addAll(BubblewrapCommand.prefix(available.tools(), limits, javaHome, classPath, weakenings, List.of(),
          archiveMount));
      for (int i = 0; i < classPath.size(); i++) {
        childClassPath.add(BubblewrapCommand.sandboxPath(classPath, i));
      }
      if (archived != null) {
        jvmOptions.add("-XX:SharedArchiveFile=" + ClassDataArchive.IN_SANDBOX);
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
    cmd.addAll(jvmOptions);
    cmd.add("-Djava.io.tmpdir=" + tmpDir);
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, childClassPath));
    cmd.add(SandboxMain.class.getName());
    cmd.add(providerClass);
    return cmd;
  }

  /** The child JVM's options: the same for the children and the class-data archive's dumping run. */
  private List<String> jvmOptions() {
    return new ArrayList<>(List.of("-Xmx" + limits.maxHeapMegabytes() + "m", "-Xss512k",
        "-XX:MaxMetaspaceSize=96m", "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Xlog:disable",
        "-Xlog:all=warning:stderr", // the JVM's own warnings stay off the protocol stream
        "-XX:+DisableAttachMechanism", "-Xshare:auto"));
  }

  /**
   * The host path of the runtime's class-data archive for these options, or null: then it is being made in the
   * background (by a trusted run, see {@link ClassDataArchive}) or cannot be, and this child starts without it.
   */
  private @Nullable Path archived(List<String> jvmOptions) {
    String key = archive.key(javaHome, jvmOptions, runtimeClassPath);
    if (key == null) {
      return null;
    }
    Path ready = archive.ready(key);
    if (ready == null) {
      archive.create(key, this::dump);
    }
    return ready;
  }

  /**
   * Makes the runtime's class-data archive for this host, JDK and options if it has none (in the background;
   * the type's load waits for it): completes when it is there, or could not be made.
   */
  java.util.concurrent.CompletableFuture<Void> createArchive() {
    String key = archive.key(javaHome, jvmOptions(), runtimeClassPath);
    return key == null || !(isolation instanceof IsolationSupport.Available)
        ? java.util.concurrent.CompletableFuture.completedFuture(null) : archive.create(key, this::dump);
  }

  /**
   * The trusted dumping run: under the same boundary and class path layout as a child (the runtime's entries
   * only, which children's class paths begin with), {@link WarmupProvider} answers a {@code describe} and one
   * call, and the JVM writes the archive at exit into {@code output}, mounted writable for this run only.
   */
  private void dump(Path output) throws IOException, InterruptedException {
    IsolationSupport.Available available = (IsolationSupport.Available) isolation;
    List<String> cmd = new ArrayList<>(BubblewrapCommand.prefix(available.tools(), limits, javaHome,
        runtimeClassPath, Set.of(), List.of(), List.of("--bind", output.toString(),
            ClassDataArchive.DUMP_DIR_IN_SANDBOX)));
    cmd.add(javaHome.resolve("bin").resolve("java").toString());
    cmd.addAll(jvmOptions());
    cmd.add("-XX:ArchiveClassesAtExit=" + ClassDataArchive.DUMP_DIR_IN_SANDBOX + "/" + ClassDataArchive.DUMP_FILE);
    cmd.add("-Djava.io.tmpdir=/tmp");
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-cp");
    List<String> runtime = new ArrayList<>();
    for (int i = 0; i < runtimeClassPath.size(); i++) {
      runtime.add(BubblewrapCommand.sandboxPath(runtimeClassPath, i));
    }
    cmd.add(String.join(File.pathSeparator, runtime));
    cmd.add(SandboxMain.class.getName());
    cmd.add(WarmupProvider.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("/"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    Process process = pb.start();
    try (java.io.Writer in = new java.io.OutputStreamWriter(process.getOutputStream(),
        java.nio.charset.StandardCharsets.UTF_8)) {
      in.write("{\"type\":\"describe\"}\n{\"type\":\"invoke\",\"operation\":\"echo\",\"input\":{\"a\":[1,\"b\"]},"
          + "\"config\":{},\"instanceId\":\"warmup\",\"requestId\":\"r\",\"correlationId\":\"c\","
          + "\"executionMode\":\"SYNC\",\"attempt\":1,\"deadlineMillis\":" + (clock.millis() + 60_000) + "}\n");
    } catch (IOException e) {
      // the run ended early: it wrote no archive, which the caller notices
    }
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      throw new IOException("the class-data dumping run did not end in time");
    }
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
        weakenings, runtimeClassPath, archive);
  }

  /** With another runtime class path (the sandbox runtime's jars) and class-data archive cache: for tests. */
  ChildLauncher withRuntime(List<Path> runtime, ClassDataArchive other) {
    return new ChildLauncher(providerClass, connectorClassPath, limits, clock, isolation, weakenings, runtime,
        other);
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
