package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobEvent;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class AsyncJobTest {
  private static final String INPUT = "{\"text\":\"hi\"}";

  private static ConnectorType asyncEcho(OperationHandler handler, Duration timeout) {
    return TestTypes.type("echo", TestTypes.echo(handler).modes(ExecutionMode.ASYNC, ExecutionMode.SYNC)
        .maxTimeout(timeout)).build();
  }

  private static EngineHarness harness(OperationHandler handler, Consumer<EngineBuilder> customize) {
    return new EngineHarness(asyncEcho(handler, Duration.ofSeconds(5)), b -> {
      b.jobPollInterval(Duration.ofMillis(5)).jobRetries(3, Duration.ofMillis(10), 1024 * 1024);
      customize.accept(b);
    });
  }

  private static InvocationRequest async(String input) {
    return InvocationRequest.of("inst-1", "echo", json(input), ALICE).withMode(ExecutionMode.ASYNC);
  }

  private static String submit(EngineHarness h, String input) {
    JobService.Submission s = h.engine.jobs().submit(async(input));
    assertThat(s).isInstanceOf(JobService.Submission.Accepted.class);
    return ((JobService.Submission.Accepted) s).jobId();
  }

  static Job awaitTerminal(EngineHarness h, String jobId, Caller caller) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      Job job = h.engine.jobs().get(jobId, caller).orElseThrow();
      if (job.state().terminal()) {
        return job;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("job " + jobId + " did not finish");
  }

  @Test
  @Tag("REQ-EXEC-005")
  @Tag("REQ-EXEC-006")
  @Tag("REQ-EXEC-007")
  void submitReturnsAJobIdAtOnceAndTheResultIsRetrievedByIt() throws Exception {
    List<JobEvent> events = new CopyOnWriteArrayList<>();
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      h.engine.jobs().addListener(events::add);
      Outcome submitted = h.engine.invoke(async(INPUT));
      String jobId = ((Succeeded) submitted).response().data().path("job_id").asText();
      assertThat(((Succeeded) submitted).response().data().path("state").asText()).isEqualTo("pending");
      Job done = awaitTerminal(h, jobId, ALICE);
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(((Succeeded) done.outcome()).response().data()).isEqualTo(json(INPUT));
      assertThat(done.attempts()).isEqualTo(1);
      assertThat(done.startedAt()).isNotNull();
      assertThat(done.finishedAt()).isNotNull();
      Thread.sleep(50);
      assertThat(events).extracting(JobEvent::to)
          .containsExactly(JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED);
      assertThat(h.audit.events(e -> e.type() == AuditEventType.JOB)).extracting(e -> e.details().get("state"))
          .containsExactly("pending", "running", "succeeded");
    }
  }

  @Test
  @Tag("REQ-TENANT-004")
  void anotherTenantCannotSeeOrCancelTheJob() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      String jobId = submit(h, INPUT);
      Caller mallory = Caller.user("mallory", "proj-m");
      assertThat(h.engine.jobs().get(jobId, mallory)).isEmpty();
      assertThat(h.engine.jobs().cancel(jobId, mallory)).isEqualTo(JobService.CancelResult.UNKNOWN_JOB);
      assertThat(awaitTerminal(h, jobId, ALICE).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }

  @Test
  @Tag("REQ-EXEC-007")
  void pendingJobIsCanceledAndFinishedOrUnknownJobsAreReported() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> b.jobWorkers("submit-only", 0,
        Duration.ofSeconds(30)))) {
      String jobId = submit(h, INPUT);
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.CANCELED);
      assertThat(h.engine.jobs().get(jobId, ALICE).orElseThrow().state()).isEqualTo(JobState.CANCELED);
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.ALREADY_FINISHED);
      assertThat(h.engine.jobs().cancel("no-such-job", ALICE)).isEqualTo(JobService.CancelResult.UNKNOWN_JOB);
      assertThat(h.engine.jobs().get("no-such-job", ALICE)).isEmpty();
    }
  }

  @Test
  @Tag("REQ-EXEC-007")
  void runningJobIsCanceledCooperatively() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    try (EngineHarness h = harness((ctx, in) -> {
      entered.countDown();
      Thread.sleep(10_000);
      return HandlerResult.of(in);
    }, b -> b.jobWorkers("n1", 1, Duration.ofMillis(300)))) {
      String jobId = submit(h, INPUT);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.CANCEL_REQUESTED);
      Job done = awaitTerminal(h, jobId, ALICE);
      assertThat(done.state()).isEqualTo(JobState.CANCELED);
      assertThat(done.history()).extracting(a -> a.outcome()).containsExactly("canceled");
    }
  }

  @Test
  @Tag("REQ-EXEC-009")
  void jobThatKeepsFailingIsDeadLetteredWithItsHistoryAndCanBeRequeuedAndPurged() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = harness((ctx, in) -> {
      if (runs.incrementAndGet() <= 3) {
        throw ProviderException.status(503, "flaky");
      }
      return HandlerResult.of(in);
    }, b -> {})) {
      String jobId = submit(h, INPUT);
      Job failed = awaitTerminal(h, jobId, ALICE);
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.attempts()).isEqualTo(3);
      assertThat(failed.deadLettered()).isTrue();
      assertThat(failed.history()).extracting(a -> a.attempt()).containsExactly(1, 2, 3);
      assertThat(failed.history()).allSatisfy(a -> assertThat(a.outcome()).isEqualTo("transient"));
      assertThat(((Failed) failed.outcome()).failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(h.engine.jobs().deadLetters(ALICE, 10)).extracting(Job::jobId).containsExactly(jobId);
      assertThat(h.engine.jobs().deadLetters(Caller.user("mallory", "proj-m"), 10)).isEmpty();

      assertThat(h.engine.jobs().requeue(jobId, ALICE)).isTrue();
      Job retried = awaitTerminal(h, jobId, ALICE);
      assertThat(retried.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(retried.history()).hasSize(4);
      assertThat(h.engine.jobs().deadLetters(ALICE, 10)).isEmpty();
      assertThat(h.engine.jobs().purge(jobId, ALICE)).as("only dead letters are purged").isFalse();
    }
  }

  @Test
  @Tag("REQ-EXEC-009")
  void permanentFailureIsDeadLetteredAfterOneAttemptAndPurged() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> {
      throw ProviderException.status(400, "bad");
    }, b -> {})) {
      String jobId = submit(h, INPUT);
      Job failed = awaitTerminal(h, jobId, ALICE);
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.attempts()).isEqualTo(1);
      assertThat(h.engine.jobs().purge(jobId, ALICE)).isTrue();
      assertThat(h.engine.jobs().get(jobId, ALICE)).isEmpty();
    }
  }

  @Test
  @Tag("REQ-EXEC-008")
  void resultAboveTheMaximumPayloadFailsTheJob() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> b.jobRetries(3, Duration.ofMillis(10),
        200))) {
      String jobId = submit(h, "{\"text\":\"" + "x".repeat(500) + "\"}");
      Job failed = awaitTerminal(h, jobId, ALICE);
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(((Failed) failed.outcome()).code()).isEqualTo("result_too_large");
    }
  }

  @Test
  void duplicateSubmitWithTheSameKeyReturnsTheSameJob() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      JobService.Submission first = h.engine.jobs().submit(async(INPUT).withIdempotencyKey("batch-7"));
      JobService.Submission again = h.engine.jobs().submit(async(INPUT).withIdempotencyKey("batch-7"));
      assertThat(((JobService.Submission.Accepted) again).jobId())
          .isEqualTo(((JobService.Submission.Accepted) first).jobId());
      assertThat(((JobService.Submission.Accepted) again).duplicate()).isTrue();
    }
  }

  @Test
  @Tag("REQ-IDEM-002")
  void duplicateSubmitAfterTheJobFinishedReturnsTheSameJobAtOnce() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      String jobId = ((JobService.Submission.Accepted) h.engine.jobs()
          .submit(async(INPUT).withIdempotencyKey("batch-8"))).jobId();
      assertThat(awaitTerminal(h, jobId, ALICE).state()).isEqualTo(JobState.SUCCEEDED);
      long start = System.nanoTime();
      JobService.Submission again = h.engine.jobs().submit(async(INPUT).withIdempotencyKey("batch-8"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(((JobService.Submission.Accepted) again).jobId()).isEqualTo(jobId);
      long syncStart = System.nanoTime();
      Outcome sync = h.engine.invoke(InvocationRequest.of("inst-1", "echo", json(INPUT), ALICE)
          .withIdempotencyKey("batch-8"));
      assertThat(Duration.ofNanos(System.nanoTime() - syncStart)).isLessThan(Duration.ofSeconds(2));
      assertThat(sync).isInstanceOf(Succeeded.class);
    }
  }

  @Test
  void invalidSubmitIsRefusedAndNothingIsStored() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      JobService.Submission s = h.engine.jobs().submit(async("{\"nope\":1}"));
      assertThat(((JobService.Submission.Refused) s).failure().code()).isEqualTo("schema_violation");
    }
  }

  @Test
  @Tag("REQ-EXEC-004")
  void asyncOnlyOperationAboveTheSyncCapRunsAsAJob() throws Exception {
    ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))
        .modes(ExecutionMode.ASYNC).maxTimeout(Duration.ofMinutes(5))).build();
    try (EngineHarness h = new EngineHarness(type, b -> b.jobPollInterval(Duration.ofMillis(5)))) {
      Failed sync = (Failed) h.invoke("echo", INPUT);
      assertThat(sync.code()).isEqualTo("mode_not_supported");
      String jobId = submit(h, INPUT);
      assertThat(awaitTerminal(h, jobId, ALICE).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }
}
