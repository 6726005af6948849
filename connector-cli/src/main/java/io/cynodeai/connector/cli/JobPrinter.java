package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders jobs for people ({@code text}) or programs ({@code -o json}). */
final class JobPrinter {
  private JobPrinter() {}

  static void print(CliContext ctx, Job job) {
    if (ctx.json) {
      ctx.printJson(view(job));
      return;
    }
    ctx.out.println(job.jobId() + "  " + job.instanceId() + "/" + job.operation() + "  " + job.state().wireName()
        + "  attempts=" + job.attempts() + "/" + job.maxAttempts() + (job.cancelRequested() ? "  cancel requested"
        : "") + (job.deadLettered() ? "  dead-lettered" : ""));
    for (JobAttempt a : job.history()) {
      ctx.out.println("  attempt " + a.attempt() + " on " + a.node() + ": " + a.outcome()
          + (a.errorCode() == null ? "" : " " + a.errorCode() + ": " + a.message()));
    }
    if (job.outcome() instanceof Succeeded s) {
      ctx.printJson(s.response());
    } else if (job.outcome() instanceof Failed f) {
      ctx.err.println(f.failureClass().wireName() + " " + f.code() + ": " + f.message());
    }
  }

  /** A job as JSON; the stored request input is left out. */
  static Map<String, Object> view(Job job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", job.jobId());
    m.put("instance", job.instanceId());
    m.put("operation", job.operation());
    m.put("state", job.state().wireName());
    m.put("attempts", job.attempts());
    m.put("max_attempts", job.maxAttempts());
    m.put("cancel_requested", job.cancelRequested());
    m.put("created_at", job.createdAt());
    m.put("updated_at", job.updatedAt());
    m.put("started_at", job.startedAt());
    m.put("finished_at", job.finishedAt());
    m.put("dead_lettered_at", job.deadLetteredAt());
    if (job.outcome() instanceof Succeeded s) {
      m.put("result", s.response());
    } else if (job.outcome() instanceof Failed f) {
      m.put("failure", f);
    }
    m.put("history", job.history());
    return m;
  }

  static String lastError(Job job) {
    return job.history().isEmpty() ? "" : job.history().get(job.history().size() - 1).errorCode() + ": "
        + job.history().get(job.history().size() - 1).message();
  }
}
