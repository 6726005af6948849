package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.internal.IsolationSupport;
import io.cynodeai.connector.sandbox.internal.ProgramCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to start an untrusted program that is not a Java connector (an MCP server over stdio) inside the same OS
 * boundary as a sandboxed connector (see {@code docs/sandbox.md}): its own network namespace with only loopback,
 * a read-only minimal root plus the given paths, a private size-capped {@code /tmp}, its own PID namespace, an
 * empty environment, the seccomp filter, a dedicated uid when the host is root, and the {@link SandboxLimits}'
 * process, file, address-space and CPU limits. Start it with a {@link ProcessBuilder} (empty environment) in
 * {@link #workingDirectory()}. Immutable; thread-safe.
 *
 * @param command the full command line: the wrappers, then the program (resolved to its path) and its arguments
 * @param workingDirectory the directory to start it in (outside the sandbox)
 * @param weaker whether it runs without the OS boundary, the host having accepted a weaker isolation
 * @param isolation a one-line description of the isolation, naming a weaker one as such
 */
public record SandboxedCommand(List<String> command, Path workingDirectory, boolean weaker, String isolation) {

  public SandboxedCommand {
    command = List.copyOf(command);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(isolation, "isolation");
  }

  /**
   * The sandboxed command line for {@code program} with {@code arguments}.
   *
   * @param program the program's path, or a name looked up on this host's {@code PATH}
   * @param mounts host files and directories the program reads (its scripts, its packages), mounted read-only at
   *     the same paths; everything else of the host is absent inside
   * @throws SandboxLoadException {@code sandbox_isolation_unavailable}: the OS boundary cannot be had here and
   *     the limits do not accept a weaker isolation ({@link SandboxLimits#withAllowWeakerIsolation})
   * @throws IllegalArgumentException the program is not found
   */
  public static SandboxedCommand of(SandboxLimits limits, String program, List<String> arguments,
      List<Path> mounts) {
    return of(limits, program, arguments, mounts, IsolationSupport.check());
  }

  static SandboxedCommand of(SandboxLimits limits, String program, List<String> arguments, List<Path> mounts,
      IsolationSupport.Outcome isolation) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(program, "program");
    boolean weaker = isolation instanceof IsolationSupport.Unavailable;
    if (weaker && !limits.allowWeakerIsolation()) {
      throw new SandboxLoadException("sandbox_isolation_unavailable", "untrusted programs are not run here: "
          + ((IsolationSupport.Unavailable) isolation).reason() + " (SandboxLimits.withAllowWeakerIsolation(true)"
          + " accepts a weaker isolation)", null);
    }
    List<String> command = new java.util.ArrayList<>();
    command.add(program);
    command.addAll(arguments);
    return new SandboxedCommand(ProgramCommand.of(isolation, limits, command, List.copyOf(mounts)),
        ProgramCommand.workingDirectory(isolation), weaker, isolation.description());
  }
}
