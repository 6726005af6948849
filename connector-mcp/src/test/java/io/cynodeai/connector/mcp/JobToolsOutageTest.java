package io.cynodeai.connector.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.job.JobListener;
import io.cynodeai.connector.api.job.JobService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While the job store cannot answer, the job tools say so as a typed, transient failure instead of claiming the
 * job does not exist (an agent would otherwise give up on a job that is still running).
 */
class JobToolsOutageTest {
  private static final Failed DOWN = Failed.of(FailureClass.TRANSIENT, "store_unavailable",
      "the job store could not answer");

  /** A job store in an outage: every read and cancel answers "unavailable". */
  private static final class StoreDown implements JobService {
    @Override
    public Submission submit(InvocationRequest request) {
      return new Submission.Refused(DOWN);
    }

    @Override
    public Lookup get(String jobId, Caller caller) {
      return new Lookup.Unavailable(DOWN);
    }

    @Override
    public CancelResult cancel(String jobId, Caller caller) {
      return CancelResult.STORE_UNAVAILABLE;
    }

    @Override
    public DeadLetters deadLetters(Caller caller, int limit) {
      return new DeadLetters.Unavailable(DOWN);
    }

    @Override
    public DeadLetterResult requeue(String jobId, Caller caller) {
      return DeadLetterResult.STORE_UNAVAILABLE;
    }

    @Override
    public DeadLetterResult purge(String jobId, Caller caller) {
      return DeadLetterResult.STORE_UNAVAILABLE;
    }

    @Override
    public void addListener(JobListener listener) {}
  }

  private final JobTools tools = new JobTools(new StoreDown(), Caller.user("alice", "proj-a"));

  @Test
  void aLookupDuringAnOutageIsATransientFailureNotNotFound() {
    Map<String, Object> body = tools.get("job-1");

    assertThat(body.get("outcome")).isEqualTo("failed");
    @SuppressWarnings("unchecked")
    Map<String, Object> failure = (Map<String, Object>) body.get("failure");
    assertThat(failure).containsEntry("code", "store_unavailable");
    assertThat(String.valueOf(failure.get("failure_class"))).isEqualTo("transient");
  }

  @Test
  void aCancelDuringAnOutageIsATransientFailureWithAnOutcomeTheSchemaAllows() {
    Map<String, Object> body = tools.cancel("job-1");

    assertThat(body.get("outcome")).isEqualTo("failed");
    assertThat(JobTools.JOB_OUTPUT).contains("\"failed\"");
    @SuppressWarnings("unchecked")
    Map<String, Object> failure = (Map<String, Object>) body.get("failure");
    assertThat(failure).containsEntry("code", "store_unavailable");
  }
}
