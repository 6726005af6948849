package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code connectorctl jobs}: async jobs (submitted with {@code invoke --async}) and the dead-letter store.
 * Exit codes: 0 done; 4 refused (cancel of a finished job); 5 unknown job (or not a dead letter); 6 the job
 * store could not answer; 7 the job failed or was canceled.
 */
@Command(mixinStandardHelpOptions = true, name = "jobs", description = "Inspect and manage async jobs and dead letters.",
    subcommands = {JobsCommand.Get.class, JobsCommand.Cancel.class, JobsCommand.DeadLetters.class,
        JobsCommand.Requeue.class, JobsCommand.Purge.class})
final class JobsCommand {
  @ParentCommand
  Connectorctl root;

  /** One job by id. */
  abstract static class OneJob implements Callable<Integer> {
    @ParentCommand
    JobsCommand jobs;

    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    CliContext context() {
      return jobs.root.context();
    }

    static int notFound(CliContext ctx, String jobId) {
      if (ctx.json) {
        ctx.printJson(Map.of("outcome", "not_found", "job_id", jobId));
      }
      ctx.fail("not_found", "no job '" + jobId + "'");
      return ExitCodes.NOT_FOUND;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "get", description = "Show a job: state, attempts, result or failure (exit 7 when it failed "
      + "or was canceled).")
  static final class Get extends OneJob {
    @Option(names = "--wait", description = "Run this job (and no other) in this process and wait up to this "
        + "long (e.g. 30s) for it to finish.", converter = DurationConverter.class)
    Duration wait = Duration.ZERO;

    @Override
    public Integer call() throws InterruptedException {
      try (CliContext ctx = context()) {
        JobService service = (wait.isZero() ? ctx.engine() : ctx.engineRunning(jobId)).jobs();
        JobService.Lookup lookup = service.get(jobId, ctx.caller);
        long deadline = System.nanoTime() + wait.toNanos();
        while (lookup instanceof JobService.Lookup.Found found && !found.job().state().terminal()
            && System.nanoTime() < deadline && !ctx.interrupted()) { // Ctrl-C: closing releases a running attempt
          Thread.sleep(50);
          lookup = service.get(jobId, ctx.caller);
        }
        if (lookup instanceof JobService.Lookup.Unavailable unavailable) { // at once or while waiting
          ctx.fail("failed", unavailable.failure().message());
          return ExitCodes.IO_ERROR;
        }
        Optional<Job> job = lookup.found();
        if (job.isEmpty()) {
          return notFound(ctx, jobId);
        }
        JobPrinter.print(ctx, job.get());
        JobState state = job.get().state();
        return state == JobState.FAILED || state == JobState.CANCELED ? ExitCodes.OPERATION_FAILED : ExitCodes.OK;
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "cancel", description = "Cancel a job: a pending one at once, a running one cooperatively.")
  static final class Cancel extends OneJob {
    @Override
    public Integer call() {
      try (CliContext ctx = context()) {
        JobService.CancelResult result = ctx.engine().jobs().cancel(jobId, ctx.caller);
        if (result == JobService.CancelResult.UNKNOWN_JOB) {
          return notFound(ctx, jobId);
        }
        String outcome = result.name().toLowerCase(java.util.Locale.ROOT);
        if (ctx.json) {
          ctx.printJson(Map.of("outcome", outcome, "job_id", jobId));
        } else {
          ctx.out.println(jobId + ": " + outcome.replace('_', ' '));
        }
        return result == JobService.CancelResult.ALREADY_FINISHED ? ExitCodes.REFUSED
            : result == JobService.CancelResult.STORE_UNAVAILABLE ? ExitCodes.IO_ERROR : ExitCodes.OK;
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "dead-letters", description = "List dead-lettered jobs, newest first, with their attempts.")
  static final class DeadLetters implements Callable<Integer> {
    @ParentCommand
    JobsCommand jobs;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit = 50;

    @Override
    public Integer call() {
      try (CliContext ctx = jobs.root.context()) {
        JobService.DeadLetters listing = ctx.engine().jobs().deadLetters(ctx.caller, limit);
        if (listing instanceof JobService.DeadLetters.Unavailable unavailable) {
          ctx.fail("failed", unavailable.failure().message());
          return ExitCodes.IO_ERROR;
        }
        List<Job> dead = listing.listed().orElseThrow();
        if (ctx.json) {
          ctx.printJson(dead.stream().map(JobPrinter::view).toList());
        } else {
          ctx.out.println(String.format("%-36s %-20s %-14s %-8s %s", "JOB_ID", "INSTANCE", "OPERATION", "ATTEMPTS",
              "LAST ERROR"));
          dead.forEach(j -> ctx.out.println(String.format("%-36s %-20s %-14s %-8d %s", j.jobId(), j.instanceId(),
              j.operation(), j.attempts(), JobPrinter.lastError(j))));
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "requeue", description = "Move a dead-lettered job back to pending, attempts reset.")
  static final class Requeue extends OneJob {
    @Override
    public Integer call() {
      try (CliContext ctx = context()) {
        return done(ctx, jobId, ctx.engine().jobs().requeue(jobId, ctx.caller), "requeued");
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "purge", description = "Delete a dead-lettered job for good.")
  static final class Purge extends OneJob {
    @Override
    public Integer call() {
      try (CliContext ctx = context()) {
        return done(ctx, jobId, ctx.engine().jobs().purge(jobId, ctx.caller), "purged");
      }
    }
  }

  private static int done(CliContext ctx, String jobId, JobService.DeadLetterResult result, String what) {
    switch (result) {
      case UNKNOWN_JOB:
        return OneJob.notFound(ctx, jobId);
      case NOT_DEAD_LETTER:
        ctx.fail("not_dead_letter", "job '" + jobId + "' is not a dead letter");
        return ExitCodes.NOT_FOUND;
      case STORE_UNAVAILABLE:
        ctx.fail("failed", "the job store is unavailable; nothing was " + what + ": try again");
        return ExitCodes.IO_ERROR;
      default:
        break;
    }
    if (ctx.json) {
      ctx.printJson(Map.of("outcome", what));
    } else {
      ctx.out.println(what);
    }
    return ExitCodes.OK;
  }
}
