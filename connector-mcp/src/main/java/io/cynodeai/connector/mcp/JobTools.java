package io.cynodeai.connector.mcp;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The async job tools' bodies: {@code connector_job_get} and {@code connector_job_cancel} over the engine's
 * {@link JobService}, which sees only the caller's tenant (another tenant's job is {@code not_found}).
 * Thread-safe.
 */
final class JobTools {
  static final String JOB_INPUT = """
      {"type":"object","additionalProperties":false,"required":["job_id"],"properties":{
        "job_id":{"type":"string","description":"The job_id returned by connector_op_invoke with mode async"}}}""";
  static final String GET_INPUT = """
      {"type":"object","additionalProperties":false,"required":["job_id"],"properties":{
        "job_id":{"type":"string","description":"The job_id returned by connector_op_invoke with mode async"},
        "wait_seconds":{"type":"integer","minimum":0,"maximum":300,"description":"Wait up to this long for the job to finish (progress notifications on each change when the call has a progressToken); omitted: answer at once"}}}""";
  static final String JOB_OUTPUT = """
      {"type":"object","required":["outcome"],"properties":{
        "outcome":{"type":"string","enum":["job","canceled","cancel_requested","already_finished","not_found","failed"]},
        "job":{"type":"object","properties":{
          "job_id":{"type":"string"},"instance":{"type":"string"},"operation":{"type":"string"},
          "state":{"type":"string","enum":["pending","running","succeeded","failed","canceled"]},
          "attempts":{"type":"integer"},"max_attempts":{"type":"integer"},"cancel_requested":{"type":"boolean"},
          "created_at":{"type":"string"},"updated_at":{"type":"string"},"started_at":{"type":["string","null"]},
          "finished_at":{"type":["string","null"]},"dead_lettered_at":{"type":["string","null"]},
          "result":{"type":"object","description":"The normalized envelope of a succeeded job"},
          "failure":{"type":"object","description":"The typed failure of a failed job"},
          "history":{"type":"array"}}},
        "failure":{"type":"object"}}}""";

  private final JobService jobs;
  private final Caller caller;

  JobTools(JobService jobs, Caller caller) {
    this.jobs = jobs;
    this.caller = caller;
  }

  Map<String, Object> get(String jobId) {
    Map<String, Object> body = new LinkedHashMap<>();
    JobService.Lookup lookup = jobs.get(jobId, caller);
    if (lookup instanceof JobService.Lookup.Found found) {
      body.put("outcome", "job");
      body.put("job", view(found.job()));
    } else if (lookup instanceof JobService.Lookup.Unavailable unavailable) {
      body.put("outcome", "failed"); // the store could not answer: transient, try again
      body.put("failure", ToolResults.toMap(unavailable.failure()));
    } else {
      body.put("outcome", "not_found");
    }
    return body;
  }

  /**
   * The job once it finished, or as it is after {@code waitSeconds}; each change of state or attempts is
   * reported as progress. Waiting ends early when the call is cancelled (its thread interrupted).
   */
  Map<String, Object> await(String jobId, int waitSeconds, ClientNotices notices) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(waitSeconds);
    String seen = "";
    int changes = 0;
    Optional<Job> job = jobs.get(jobId, caller).found();
    while (job.isPresent() && !job.get().state().terminal() && System.nanoTime() < deadline) {
      String now = job.get().state().wireName() + ", attempt " + job.get().attempts();
      if (!now.equals(seen)) {
        seen = now;
        notices.progress(++changes, null, "job " + jobId + ": " + now);
      }
      try {
        Thread.sleep(100); // polls the job store, bounded by the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      job = jobs.get(jobId, caller).found();
    }
    if (job.isPresent() && job.get().state().terminal()) {
      notices.progress(changes + 1, null, "job " + jobId + ": " + job.get().state().wireName());
    }
    return get(jobId);
  }

  Map<String, Object> cancel(String jobId) {
    Map<String, Object> body = new LinkedHashMap<>();
    JobService.CancelResult result = jobs.cancel(jobId, caller);
    if (result == JobService.CancelResult.STORE_UNAVAILABLE) {
      body.put("outcome", "failed");
      body.put("failure", ToolResults.toMap(Failed.of(FailureClass.TRANSIENT, "store_unavailable",
          "the job store could not answer; try again")));
      return body;
    }
    body.put("outcome", result == JobService.CancelResult.UNKNOWN_JOB ? "not_found"
        : result.name().toLowerCase(java.util.Locale.ROOT));
    jobs.get(jobId, caller).found().ifPresent(job -> body.put("job", view(job)));
    return body;
  }

  /** A job as tool output: the stored request is left out (it may hold data the caller sent, not results). */
  static Map<String, Object> view(Job job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", job.jobId());
    m.put("instance", job.instanceId());
    m.put("operation", job.operation());
    m.put("state", job.state().wireName());
    m.put("attempts", job.attempts());
    m.put("max_attempts", job.maxAttempts());
    m.put("cancel_requested", job.cancelRequested());
    m.put("created_at", job.createdAt().toString());
    m.put("updated_at", job.updatedAt().toString());
    m.put("started_at", job.startedAt() == null ? null : job.startedAt().toString());
    m.put("finished_at", job.finishedAt() == null ? null : job.finishedAt().toString());
    m.put("dead_lettered_at", job.deadLetteredAt() == null ? null : job.deadLetteredAt().toString());
    if (job.outcome() instanceof Succeeded s) {
      m.put("result", ToolResults.toMap(s.response()));
    } else if (job.outcome() instanceof Failed f) {
      m.put("failure", ToolResults.toMap(f));
    }
    m.put("history", ToolResults.JSON.convertValue(job.history(), java.util.List.class));
    return m;
  }
}
