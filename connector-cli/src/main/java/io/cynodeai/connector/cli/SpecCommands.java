package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.spec.SpecFileException;
import io.cynodeai.connector.core.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The commands that read spec files (validate, diff, apply) and delete. */
final class SpecCommands {
  private SpecCommands() {}

  /** Spec files or directories given on the command line, validated file by file. */
  abstract static class FileCommand implements Callable<Integer> {
    @ParentCommand
    Connectorctl root;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Spec files (.yaml, .yml, .json) or "
        + "directories of them.")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
      try (CliContext ctx = root.context()) {
        List<SpecSource> sources = new ArrayList<>();
        Map<String, List<SpecProblem>> invalid = new LinkedHashMap<>();
        for (Path p : paths) {
          try {
            // each source named by its path as given, so two files of the same name keep their own problems
            boolean directory = java.nio.file.Files.isDirectory(p);
            for (SpecSource read : SpecFiles.read(p)) {
              sources.add(new SpecSource(directory ? p.resolve(read.origin()).toString() : p.toString(),
                  read.content()));
            }
          } catch (SpecFileException e) {
            invalid.put(java.nio.file.Files.isDirectory(p) ? p.resolve(e.origin()).toString() : p.toString(),
                List.of(e.problem()));
          } catch (java.nio.file.NoSuchFileException e) {
            ctx.fail("io_error", "error: no such file or directory: " + p);
            return ExitCodes.IO_ERROR;
          } catch (java.nio.file.AccessDeniedException e) {
            ctx.fail("io_error", "error: permission denied: " + p);
            return ExitCodes.IO_ERROR;
          } catch (IOException e) {
            ctx.fail("io_error", "error: " + p + " could not be read (" + e.getClass().getSimpleName() + ")");
            return ExitCodes.IO_ERROR;
          }
        }
        SpecService specs = ctx.engine().specs();
        List<ConnectorSpec> valid = new ArrayList<>();
        ProgressLine reading = ProgressLine.of(ctx, "validating", "files", sources.size());
        for (int i = 0; i < sources.size(); i++) {
          SpecSource s = sources.get(i);
          SpecValidation v = specs.validate(s);
          reading.processed(i + 1, sources.size());
          valid.addAll(v.specs());
          if (!v.valid()) {
            invalid.put(s.origin(), v.problems());
          }
        }
        if (!invalid.isEmpty()) {
          if (ctx.json) {
            ctx.printJson(Map.of("outcome", "invalid", "problems", invalid));
          }
          invalid.forEach((origin, problems) -> Printer.problems(ctx, origin, problems));
          if (invalid.values().stream().flatMap(List::stream).anyMatch(p -> p.code().equals("secret_not_in_scope"))) {
            ctx.err.println("hint: connectorctl reads cynode-vault: and file: secrets from "
                + ctx.secretsDirectory() + "/<name>/<key>, one file per key");
          }
          ctx.err.println("invalid: nothing was applied");
          return ExitCodes.INVALID;
        }
        SpecSource batch = sources.size() == 1 ? sources.get(0) : SpecFiles.batch("files", valid);
        return run(ctx, specs, batch, valid);
      }
    }

    abstract int run(CliContext ctx, SpecService specs, SpecSource batch, List<ConnectorSpec> valid);
  }

  @Command(mixinStandardHelpOptions = true, name = "validate", description = "Check spec files without changing anything.")
  static final class Validate extends FileCommand {
    @Override
    int run(CliContext ctx, SpecService specs, SpecSource batch, List<ConnectorSpec> valid) {
      if (ctx.json) {
        ctx.printJson(Map.of("outcome", "valid", "specs", valid.stream().map(ConnectorSpec::name).toList()));
      } else {
        ctx.out.println(valid.size() + " spec(s) valid: " + String.join(", ",
            valid.stream().map(ConnectorSpec::name).toList()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "diff", description = "Show what apply would change (exit 1 when something would change).")
  static final class Diff extends FileCommand {
    @Override
    int run(CliContext ctx, SpecService specs, SpecSource batch, List<ConnectorSpec> valid) {
      return Printer.outcome(ctx, batch.origin(), specs.diff(batch, ctx.caller), true);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "apply", description = "Make the connectors match the spec files (all or nothing).")
  static final class Apply extends FileCommand {
    @Override
    int run(CliContext ctx, SpecService specs, SpecSource batch, List<ConnectorSpec> valid) {
      ProgressLine progress = ProgressLine.of(ctx, "applying", "specs", valid.size());
      return Printer.outcome(ctx, batch.origin(), specs.apply(batch, ctx.caller, progress), false);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "delete", description = "Delete a spec: its connector is disabled and soft-deleted.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand
    Connectorctl root;

    @Parameters(paramLabel = "NAME", description = "The spec name.")
    String name;

    @Override
    public Integer call() {
      try (CliContext ctx = root.context()) {
        SpecOutcome out = ctx.engine().specs().delete(name, ctx.caller);
        return Printer.outcome(ctx, name, out, false);
      }
    }
  }
}
