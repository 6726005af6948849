package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.api.spec.SpecValidation;
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

  /** Spec files or directories given on the command line, submitted as one all-or-nothing batch. */
  abstract static class FileCommand implements Callable<Integer> {
    @ParentCommand
    Connectorctl root;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Spec files (.yaml, .yml, .json) or "
        + "directories of them (subdirectories included, hidden ones skipped; a directory without spec files is "
        + "an error).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
      try (CliContext ctx = root.context()) {
        SpecInputs.Read read;
        try {
          read = SpecInputs.read(paths);
        } catch (java.nio.file.NoSuchFileException e) {
          ctx.fail("io_error", "error: no such file or directory: " + e.getFile());
          return ExitCodes.IO_ERROR;
        } catch (java.nio.file.AccessDeniedException e) {
          ctx.fail("io_error", "error: permission denied: " + e.getFile());
          return ExitCodes.IO_ERROR;
        } catch (IOException e) {
          ctx.fail("io_error", "error: the spec files could not be read (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + ")");
          return ExitCodes.IO_ERROR;
        }
        if (!read.unreadable().isEmpty()) {
          return invalid(ctx, read.unreadable());
        }
        SpecService specs = ctx.engine().specs();
        SpecBatch batch = SpecBatch.joined(read.inputs());
        if (batch == null) { // not joinable: validated file by file, submitted as canonical documents
          List<List<ConnectorSpec>> valid = new ArrayList<>();
          Map<String, List<SpecProblem>> invalid = validateEach(ctx, specs, read.inputs(), valid);
          if (!invalid.isEmpty()) {
            return invalid(ctx, invalid);
          }
          batch = SpecBatch.canonical(read.inputs(), valid);
        }
        return run(ctx, specs, batch);
      }
    }

    abstract int run(CliContext ctx, SpecService specs, SpecBatch batch);

    /** Validates each file on its own; returns the problems by file and adds the valid specs to {@code valid}. */
    static Map<String, List<SpecProblem>> validateEach(CliContext ctx, SpecService specs,
        List<SpecInputs.Input> inputs, List<List<ConnectorSpec>> valid) {
      Map<String, List<SpecProblem>> invalid = new LinkedHashMap<>();
      ProgressLine progress = ProgressLine.of(ctx, "validating", "files");
      for (int i = 0; i < inputs.size(); i++) {
        SpecValidation v = specs.validate(inputs.get(i).source());
        progress.processed(i + 1, inputs.size());
        valid.add(v.specs());
        if (!v.valid()) {
          invalid.put(inputs.get(i).name(), v.problems());
        }
      }
      return invalid;
    }

    /**
     * Reports a submission the engine found invalid: every file's own problems (each file validated on its own,
     * so a broken file does not hide the next one's problems), or, when each file is valid alone (two files
     * declare the same name, say), the submission's problems traced back to their files.
     */
    static int invalid(CliContext ctx, SpecService specs, SpecBatch batch, List<SpecProblem> problems) {
      Map<String, List<SpecProblem>> invalid = validateEach(ctx, specs, batch.inputs(), new ArrayList<>());
      return invalid(ctx, invalid.isEmpty() ? batch.byFile(problems) : invalid);
    }

    static int invalid(CliContext ctx, Map<String, List<SpecProblem>> invalid) {
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

    /** The outcome of a diff or apply: an invalid submission reported file by file, the rest by {@link Printer}. */
    static int outcome(CliContext ctx, SpecService specs, SpecBatch batch, SpecOutcome outcome, boolean isDiff) {
      if (outcome instanceof SpecOutcome.Refused r && Printer.exitCode(r) == ExitCodes.INVALID) {
        return invalid(ctx, specs, batch, r.problems());
      }
      return Printer.outcome(ctx, batch::byFile, outcome, isDiff);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "validate", description = "Check spec files without changing anything.")
  static final class Validate extends FileCommand {
    @Override
    int run(CliContext ctx, SpecService specs, SpecBatch batch) {
      SpecValidation v = specs.validate(batch.source());
      if (!v.valid()) {
        return invalid(ctx, specs, batch, v.problems());
      }
      List<String> names = v.specs().stream().map(ConnectorSpec::name).toList();
      if (ctx.json) {
        ctx.printJson(Map.of("outcome", "valid", "specs", names));
      } else {
        ctx.out.println(names.size() + " spec(s) valid: " + String.join(", ", names));
      }
      return ExitCodes.OK;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "diff", description = "Show what apply would change (exit 1 when something would change).")
  static final class Diff extends FileCommand {
    @Override
    int run(CliContext ctx, SpecService specs, SpecBatch batch) {
      return outcome(ctx, specs, batch, specs.diff(batch.source(), ctx.caller), true);
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "apply", description = "Make the connectors match the spec files (all or nothing).")
  static final class Apply extends FileCommand {
    @Override
    int run(CliContext ctx, SpecService specs, SpecBatch batch) {
      ProgressLine progress = ProgressLine.of(ctx, "applying", "specs");
      ctx.trackInstalls();
      SpecOutcome outcome;
      try {
        outcome = specs.apply(batch.source(), ctx.caller, (done, total) -> {
          if (ctx.interrupted()) {
            throw new Interrupted(); // the batch's transaction rolls back
          }
          progress.processed(done, total);
        });
      } catch (Interrupted e) {
        ctx.auditRollback("apply interrupted; the batch was rolled back");
        ctx.fail("interrupted", "interrupted: the apply was rolled back, nothing was applied");
        return ExitCodes.INTERRUPTED;
      }
      if (outcome instanceof SpecOutcome.Refused) {
        ctx.auditRollback("apply refused; the batch was rolled back");
      }
      return outcome(ctx, specs, batch, outcome, false);
    }

    /** Thrown from the progress listener to stop an apply at Ctrl-C. */
    private static final class Interrupted extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Interrupted() {
        super("interrupted", null, false, false);
      }
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
        return Printer.outcome(ctx, problems -> Map.of(name, problems), out, false);
      }
    }
  }
}
