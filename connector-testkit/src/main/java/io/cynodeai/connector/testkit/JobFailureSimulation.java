package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.FAILURE_SIMULATION;
import static io.cynodeai.connector.testkit.FailureSimulation.failedWith;
import static io.cynodeai.connector.testkit.FailureSimulation.plural;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.testkit.FailureSimulation.NotRun;
import io.cynodeai.connector.testkit.FailureSimulation.Ran;
import io.cynodeai.connector.testkit.FailureSimulation.Trial;
import io.cynodeai.connector.testkit.FaultInjectingHandler.Fault;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The failure simulations on the job path (§2.2, §5): the same faults as the sync simulations, each run as a
 * job to its final state on a fresh engine whose jobs get {@value CertificationHost#JOB_ATTEMPTS} attempts 1 ms
 * apart, so what is checked is the job as stored: its state, whether it was dead-lettered, its attempts and its
 * outcome. One more simulation applies to jobs only: a result larger than the job store keeps fails the job
 * {@code PERMANENT result_too_large} at once. Not thread-safe; one instance per operation.
 */
final class JobFailureSimulation {
  private static final int JOBS = CertificationHost.JOB_ATTEMPTS;

  private final FailureSimulation rig;
  private final OperationDescriptor op;
  private final JsonNode input;
  private final int perJob;

  JobFailureSimulation(FailureSimulation rig, OperationDescriptor op, JsonNode input) {
    this.rig = rig;
    this.op = op;
    this.input = input;
    this.perJob = FailureSimulation.expectedAttempts(op);
  }

  List<CheckResult> run() {
    return List.of(transientOnEveryAttempt(), transientOnFirstAttempt(), permanentFailure(), timeout(),
        slowResponse(), networkFailure(), resultTooLarge());
  }

  private CheckResult transientOnEveryAttempt() {
    int attempts = perJob * JOBS;
    return verdict(op.name() + ": transient failure on every attempt", trial(Fault.TRANSIENT_ALWAYS, Duration.ZERO),
        "job failed and dead-lettered after " + plural(JOBS, "job attempt") + " of " + plural(perJob, "attempt")
            + " each (max retries " + op.retryPolicy().maxRetries() + "), Failed TRANSIENT "
            + FaultInjectingHandler.TRANSIENT_CODE,
        r -> deadLettered(r, JOBS) && r.attempts() == attempts
            && failedWith(r.outcome(), FailureClass.TRANSIENT, FaultInjectingHandler.TRANSIENT_CODE));
  }

  private CheckResult transientOnFirstAttempt() {
    int jobs = op.retryPolicy().maxRetries() == 0 ? 2 : 1;
    return verdict(op.name() + ": transient failure on the first attempt", trial(Fault.TRANSIENT_ONCE, Duration.ZERO),
        "job succeeded after 2 attempts in " + plural(jobs, "job attempt")
            + (jobs == 2 ? " (max retries 0: the job is retried, not the call)" : " (the call retried once)"),
        r -> r.job() != null && r.job().state() == JobState.SUCCEEDED && r.outcome().succeeded()
            && r.attempts() == 2 && r.job().attempts() == jobs);
  }

  private CheckResult permanentFailure() {
    return verdict(op.name() + ": permanent failure", trial(Fault.PERMANENT, Duration.ZERO),
        "job failed and dead-lettered after 1 job attempt of 1 attempt (never retried), Failed PERMANENT "
            + FaultInjectingHandler.PERMANENT_CODE,
        r -> deadLettered(r, 1) && r.attempts() == 1
            && failedWith(r.outcome(), FailureClass.PERMANENT, FaultInjectingHandler.PERMANENT_CODE));
  }

  private CheckResult timeout() {
    Duration timeout = rig.timeout(op);
    Duration limit = timeout.plus(FailureSimulation.TIMEOUT_MARGIN).multipliedBy(JOBS);
    return verdict(op.name() + ": handler exceeds its timeout", trial(Fault.PAUSE, timeout.plusSeconds(5)),
        "job failed and dead-lettered after " + plural(JOBS, "job attempt") + ", Failed TRANSIENT timeout within "
            + limit.toMillis() + " ms (timeout " + timeout.toMillis() + " ms per job attempt)",
        r -> deadLettered(r, JOBS) && failedWith(r.outcome(), FailureClass.TRANSIENT, "timeout")
            && r.elapsed().compareTo(limit) <= 0);
  }

  private CheckResult slowResponse() {
    Duration third = rig.timeout(op).dividedBy(3);
    Duration delay = FailureSimulation.SLOW_RESPONSE.compareTo(third) <= 0 ? FailureSimulation.SLOW_RESPONSE : third;
    return verdict(op.name() + ": slow response", trial(Fault.PAUSE, delay),
        "job succeeded after 1 job attempt of 1 attempt despite a " + delay.toMillis() + " ms delay",
        r -> r.job() != null && r.job().state() == JobState.SUCCEEDED && r.attempts() == 1
            && r.job().attempts() == 1);
  }

  private CheckResult networkFailure() {
    String name = op.name() + ": network failure";
    FailingNetworkAccess failing = new FailingNetworkAccess();
    Trial trial = rig.trial(op, input, Fault.NONE, Duration.ZERO, rig.hooks().withNetworkOnly(failing),
        CallPath.ASYNC, b -> { });
    if (trial instanceof NotRun n) {
      return CheckResult.fail(FAILURE_SIMULATION, name, "not run: " + n.reason());
    }
    Ran r = (Ran) trial;
    int calls = failing.calls();
    String got = FailureSimulation.describe(r) + ", " + plural(calls, "connection") + " tried";
    if (calls == 0) {
      return CheckResult.notApplicable(FAILURE_SIMULATION, name,
          "the operation opened no connection through its context (" + got + ")");
    }
    @Nullable String problem = null;
    if (r.outcome().succeeded()) {
      problem = "the connector swallowed the failure: the job succeeded although every connection failed";
    } else if (calls > r.attempts()) {
      problem = "the connector retried on its own: " + plural(calls, "connection") + " in "
          + plural(r.attempts(), "attempt") + " (retrying is the engine's job)";
    } else if (((Failed) r.outcome()).failureClass() != FailureClass.TRANSIENT) {
      problem = "a network failure is transient (§5.1), but the connector reported it as "
          + ((Failed) r.outcome()).failureClass().name();
    } else if (!deadLettered(r, JOBS)) {
      problem = "expected the job to fail and be dead-lettered after " + plural(JOBS, "job attempt");
    }
    return problem == null
        ? CheckResult.pass(FAILURE_SIMULATION, name, got)
        : CheckResult.fail(FAILURE_SIMULATION, name, problem + "\ngot " + got);
  }

  private CheckResult resultTooLarge() {
    Trial trial = rig.trial(op, input, Fault.NONE, Duration.ZERO, rig.hooks(), CallPath.ASYNC,
        b -> b.jobs(j -> j.withRetries(JOBS, Duration.ofMillis(1), 1)));
    return verdict(op.name() + ": result larger than the job store keeps", trial,
        "job failed and dead-lettered after 1 job attempt (never retried), Failed PERMANENT result_too_large, no"
            + " result stored",
        r -> deadLettered(r, 1) && failedWith(r.outcome(), FailureClass.PERMANENT, "result_too_large"));
  }

  private Trial trial(Fault fault, Duration pause) {
    return rig.trial(op, input, fault, pause, rig.hooks(), CallPath.ASYNC, b -> { });
  }

  private static boolean deadLettered(Ran r, int jobAttempts) {
    Job job = r.job();
    return job != null && job.state() == JobState.FAILED && job.deadLettered() && job.attempts() == jobAttempts;
  }

  private static CheckResult verdict(String name, Trial trial, String expected, Predicate<Ran> meets) {
    return FailureSimulation.verdict(name, trial, expected, meets);
  }
}
