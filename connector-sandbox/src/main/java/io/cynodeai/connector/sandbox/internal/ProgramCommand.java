package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.sandbox.SandboxLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line that runs any program (not a JVM of ours: an MCP server, say) under the same OS boundary as a
 * sandboxed connector's child: one CPU, the {@code prlimit} limits, and bubblewrap's namespaces, read-only root,
 * private {@code /tmp}, empty environment, seccomp filter and (as root) a dedicated uid; the program and its
 * files mounted read-only at their host paths. Without the boundary (the host having accepted a weaker
 * isolation) only the limits and an empty environment apply. Stateless; thread-safe.
 */
public final class ProgramCommand {
  private ProgramCommand() {}

  /**
   * The full command line.
   *
   * @param command the program (a path, or a name looked up on this host's {@code PATH}) and its arguments
   * @param mounts host files and directories the program needs, mounted read-only at the same paths
   * @throws IllegalArgumentException the program cannot be found
   */
  public static List<String> of(IsolationSupport.Outcome isolation, SandboxLimits limits, List<String> command,
      List<Path> mounts) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the command is empty");
    }
    Path program = program(command.get(0));
    List<String> cmd = new ArrayList<>(CpuPinning.prefix());
    if (isolation instanceof IsolationSupport.Available available) {
      List<Path> all = new ArrayList<>(mounts);
      all.add(program);
      cmd.addAll(BubblewrapCommand.prefix(available.tools(), limits, Path.of(System.getProperty("java.home")),
          List.of(), Set.of(), all));
    } else if (((IsolationSupport.Unavailable) isolation).prlimit() != null) {
      cmd.addAll(BubblewrapCommand.limits(((IsolationSupport.Unavailable) isolation).prlimit(), limits));
    }
    cmd.add(program.toString());
    cmd.addAll(command.subList(1, command.size()));
    return cmd;
  }

  /** Where the program starts: {@code /} outside (bwrap moves it to its own {@code /tmp}), else a temp dir. */
  public static Path workingDirectory(IsolationSupport.Outcome isolation) {
    if (isolation instanceof IsolationSupport.Available) {
      return Path.of("/");
    }
    try {
      Path dir = Files.createTempDirectory("connector-sandbox-program-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox's working directory could not be created", e);
    }
  }

  private static Path program(String name) {
    Path given = Path.of(name);
    Path found = given.isAbsolute() ? given : name.contains("/") ? given.toAbsolutePath()
        : IsolationSupport.find(name).orElseThrow(
            () -> new IllegalArgumentException("the program '" + name + "' is not on this host's PATH"));
    if (!Files.isExecutable(found)) {
      throw new IllegalArgumentException("the program '" + found + "' is not an executable file");
    }
    return found.normalize();
  }
}
