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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts child JVMs for one sandboxed connector type (REQ-EGRESS-005): {@code java} from the parent's own
 * installation, an empty environment, a private empty working directory, a heap cap, one processor (pinned to
 * one CPU where the OS allows, see {@link CpuPinning}), exit on
 * out-of-memory, and the Security Manager with a policy that grants nothing (no sockets, no DNS, no files, no
 * processes, no properties). The class path is the sandbox runtime (this module, the SPI, the API, Jackson) plus
 * the connector's own entries. Secrets are never put on the command line or in the environment. Thread-safe.
 */
public final class ChildLauncher {
  private final String providerClass;
  private final SandboxLimits limits;
  private final Path workDir;
  private final Path policy;
  private final String classPath;
  private final Clock clock;

  /** The policy every sandboxed child runs under: no grants at all. */
  static final String POLICY = "grant {\n};\n";

  public ChildLauncher(String providerClass, List<Path> connectorClassPath, SandboxLimits limits, Clock clock) {
    this(providerClass, connectorClassPath, limits, clock, POLICY);
  }

  /** With another policy: only for proving that verification detects a weakened sandbox. */
  ChildLauncher(String providerClass, List<Path> connectorClassPath, SandboxLimits limits, Clock clock,
      String policyText) {
    this.providerClass = providerClass;
    this.limits = limits;
    this.clock = clock;
    try {
      this.workDir = Files.createTempDirectory("connector-sandbox-");
      this.policy = workDir.resolve("sandbox.policy");
      // No grants at all: only the JDK's own modules hold permissions (they are granted by the JDK's default policy).
      Files.writeString(policy, policyText, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox's working directory could not be created", e);
    }
    workDir.toFile().deleteOnExit();
    policy.toFile().deleteOnExit();
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> anchor : List.of(ChildLauncher.class, ConnectorProvider.class, ExecutionMode.class,
        JsonNode.class, JsonParser.class, JsonProperty.class)) {
      entries.add(location(anchor));
    }
    for (Path p : connectorClassPath) {
      entries.add(p.toAbsolutePath().toString());
    }
    this.classPath = String.join(File.pathSeparator, entries);
  }

  /** The command that starts a child; it names classes and limits only (and the CPU it is pinned to). */
  List<String> command() {
    List<String> cmd = new ArrayList<>(CpuPinning.prefix());
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + limits.maxHeapMegabytes() + "m");
    cmd.add("-Xss512k");
    cmd.add("-XX:MaxMetaspaceSize=96m");
    cmd.add("-XX:ActiveProcessorCount=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Xshare:auto");
    cmd.add("-Djava.security.manager=allow");
    cmd.add("-Djava.security.policy==" + policy);
    cmd.add("-Djava.io.tmpdir=" + workDir);
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(SandboxMain.class.getName());
    cmd.add(providerClass);
    return cmd;
  }

  /** Starts a child. */
  public ChildProcess start() {
    ProcessBuilder pb = new ProcessBuilder(command()).directory(workDir.toFile());
    pb.environment().clear();
    try {
      return new ChildProcess(pb.start(), limits.maxOutputBytes(), limits.maxHeapMegabytes(), clock);
    } catch (IOException e) {
      throw SandboxFailures.crashed(-1, false, limits.maxHeapMegabytes());
    }
  }

  public SandboxLimits limits() {
    return limits;
  }

  public Clock clock() {
    return clock;
  }

  private static String location(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("the class path entry of " + anchor.getName() + " cannot be located", e);
    }
  }
}
