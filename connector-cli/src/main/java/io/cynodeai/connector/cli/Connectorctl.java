package io.cynodeai.connector.cli;

import io.cynodeai.connector.core.egress.EgressPolicy;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connectorctl}: validate, diff, apply, get, list, delete, status and invoke connector specs, and
 * manage async jobs, from the command line, against an embedded engine whose state lives in a directory. Exit codes are in
 * {@link ExitCodes}. Not thread-safe; one instance per run.
 */
@Command(name = "connectorctl", mixinStandardHelpOptions = true, version = "connectorctl 0.1.0-SNAPSHOT",
    description = "Manage connectors declaratively with ConnectorSpec files (YAML or JSON).",
    subcommands = {SpecCommands.Validate.class, SpecCommands.Diff.class, SpecCommands.Apply.class,
        ReadCommands.Get.class, ReadCommands.ListSpecs.class, SpecCommands.Delete.class, ReadCommands.Status.class,
        InvokeCommand.class, JobsCommand.class, MigrateCommand.class, CheckCommand.class,
        TypesCommand.class, CommandLine.HelpCommand.class, CompletionCommand.class},
    exitCodeOnInvalidInput = ExitCodes.USAGE)
public final class Connectorctl {
  @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES}.",
      defaultValue = "text", scope = CommandLine.ScopeType.INHERIT)
  Format output = Format.text;

  @Option(names = "--state-dir", description = "Where the state database (specs, instances, jobs) and the "
      + "audit log are kept (default: "
      + "${DEFAULT-VALUE}).", defaultValue = ".connectorctl", scope = CommandLine.ScopeType.INHERIT)
  Path stateDir = Path.of(".connectorctl");

  @Option(names = "--user", description = "The user id to act as (default: the OS user).",
      scope = CommandLine.ScopeType.INHERIT)
  @Nullable String user;

  @Option(names = "--project", description = "The project id to act in.", scope = CommandLine.ScopeType.INHERIT)
  @Nullable String project;

  @Option(names = "--egress", description = "Where connectors may connect: public (the default: public addresses "
      + "only), loopback (this machine only, for local test servers) or unrestricted (every address, private "
      + "networks and cloud metadata included).", defaultValue = "public", scope = CommandLine.ScopeType.INHERIT)
  Egress egress = Egress.PUBLIC;

  @Option(names = "--allow-incompatible-minor-versions", description = "Register the discovered connector types "
      + "even when a minor or patch version breaks the one before it (refused by default, §3.1). For test "
      + "doubles; a real breaking change belongs in a new major version.", scope = CommandLine.ScopeType.INHERIT)
  boolean allowIncompatibleMinorVersions;

  private PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
  private PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

  /** Output formats. */
  enum Format {
    text,
    json
  }

  /** What the engine's egress guard lets connectors reach; anything but public is reported on each run. */
  enum Egress {
    PUBLIC(EgressPolicy.publicOnly()),
    LOOPBACK(EgressPolicy.loopbackOnly()),
    UNRESTRICTED(EgressPolicy.unrestricted());

    final EgressPolicy policy;

    Egress(EgressPolicy policy) {
      this.policy = policy;
    }
  }

  /** Standard output, with terminal control characters escaped (for commands that open no state). */
  PrintWriter out() {
    return Terminal.escaping(out);
  }

  PrintWriter err() {
    return Terminal.escaping(err);
  }

  /** Prints {@code value} as JSON, line by line, as {@link CliContext#printJson} does. */
  void printJson(Object value) {
    try {
      CliContext.JSON.writeValueAsString(value).lines().forEach(out::println);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  CliContext context() {
    String who = user != null ? user : System.getProperty("user.name", "operator");
    return new CliContext(out, err, output == Format.json, stateDir, who.isBlank() ? "operator" : who, project,
        egress, allowIncompatibleMinorVersions);
  }

  /** Runs {@code connectorctl} with these arguments and streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Connectorctl root = new Connectorctl();
    root.out = out;
    root.err = err;
    CommandLine cli = new CommandLine(root).setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler((e, given) -> { // the message quotes the arguments as given
          PrintWriter shown = Terminal.escaping(err);
          shown.println(e.getMessage());
          shown.println("Try 'connectorctl --help' for more information.");
          return ExitCodes.USAGE;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (root.output == Format.json) {
            new CliContext(out, err, true, root.stateDir, "operator", null, Egress.PUBLIC, false)
                .fail("error", "error: " + e.getMessage());
          } else {
            // an engine's message may span lines (a compatibility report): one println each, escaped
            PrintWriter shown = Terminal.escaping(err);
            for (String line : ("error: " + e.getMessage()).split("\n", -1)) {
              shown.println(line);
            }
          }
          boolean io = e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException
              || e instanceof io.cynodeai.connector.api.store.StoreException;
          return io ? ExitCodes.IO_ERROR : CommandLine.ExitCode.SOFTWARE;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }
}
