package io.cynodeai.connector.mcp.bridge.internal;

import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.mcp.bridge.relay.EgressRelay;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.sandbox.SandboxedCommand;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sandboxed command line of a server: the server itself, or, with an egress proxy, the JDK running
 * {@link EgressRelay} (this module's classes, mounted read-only) in front of it, with the proxy's socket
 * directory mounted too. Stateless.
 */
public final class EgressRelayCommand {
  private EgressRelayCommand() {
  }

  /** The command for one start of the server; {@code proxy} null for none. */
  public static SandboxedCommand of(McpServerSpec spec, SandboxLimits limits, List<Path> mounts,
      @Nullable EgressProxy proxy) {
    if (proxy == null) {
      return SandboxedCommand.of(limits, spec.command(), spec.args(), mounts);
    }
    Path program = program(spec.command());
    Path relayClasses = relayClasses();
    // the JVM's own messages (unified logging writes warnings to stdout by default) stay off the MCP channel
    List<String> args = new ArrayList<>(List.of("-Xmx16m", "-Xss512k", "-XX:MaxMetaspaceSize=32m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData",
        "-XX:+ExitOnOutOfMemoryError", "-XX:+DisableAttachMechanism", "-XX:+DisplayVMOutputToStderr",
        "-Xlog:disable", "-Xlog:all=warning:stderr", "-cp", relayClasses.toString(), EgressRelay.class.getName(),
        proxy.socket().toString(), program.toString()));
    args.addAll(spec.args());
    List<Path> all = new ArrayList<>(mounts);
    all.add(relayClasses);
    all.add(proxy.directory());
    all.add(program);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return SandboxedCommand.of(limits, java.toString(), args, all);
  }

  private static Path relayClasses() {
    try {
      return Path.of(EgressRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("the egress relay's classes cannot be located", e);
    }
  }

  /** The server program's path: as given when it has a slash, else found on the host's {@code PATH}. */
  private static Path program(String name) {
    if (name.contains("/")) {
      return Path.of(name).toAbsolutePath().normalize();
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalArgumentException("the program '" + name + "' is not on this host's PATH");
  }
}
