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
      b.jobs(j -> j.withPollInterval(Duration.ofMillis(5)).withRetries(3, Duration.ofMillis(10), 1024 * 1024));
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
      Job job = h.engine.jobs().get(jobId, caller).found().orElseThrow();
      if (job.state().terminal()) {
        return job;
      }
      Thread.sleep(5); // polling the job store with a deadline: the store has no change notification
    }
    throw new AssertionError("job " + jobId + " did not finish");
  }

  /** The audit events of {@code jobId}'s transitions, as "action state_from->state outcome [class/code]". */
  private static List<String> audited(EngineHarness h, String jobId) {
    return h.audit.events(e -> e.type() == AuditEventType.JOB && jobId.equals(e.details().get("job_id"))).stream()
        .map(e -> e.action() + " " + e.details().getOrDefault("state_from", "-") + "->" + e.details().get("state")
            + " " + e.outcome() + (e.errorCode() == null ? "" : " " + e.failureClass().wireName() + "/"
            + e.errorCode()))
        .toList();
  }

  @Test
  @Tag("REQ-EXEC-005")
  @Tag("REQ-EXEC-006")
  @Tag("REQ-EXEC-007")
  void submitReturnsAJobIdAtOnceAndTheResultIsRetrievedByIt() throws Exception {
    JobEventRecorder events = new JobEventRecorder();
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      h.engine.jobs().addListener(events);
      Outcome submitted = h.engine.invoke(async(INPUT));
      String jobId = ((Succeeded) submitted).response().data().path("job_id").asText();
      assertThat(((Succeeded) submitted).response().data().path("state").asText()).isEqualTo("pending");
      Job done = awaitTerminal(h, jobId, ALICE);
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(((Succeeded) done.outcome()).response().data()).isEqualTo(json(INPUT));
      assertThat(done.attempts()).isEqualTo(1);
      assertThat(done.startedAt()).isNotNull();
      assertThat(done.finishedAt()).isNotNull();
      assertThat(events.await(jobId, 3)).containsExactly(JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED);
      assertThat(events.events(jobId)).extracting(JobEvent::from).containsExactly(null, JobState.PENDING,
          JobState.RUNNING);
      assertThat(events.events(jobId)).allSatisfy(e -> {
        assertThat(e.instanceId()).isEqualTo("inst-1");
        assertThat(e.operation()).isEqualTo("echo");
      });
      assertThat(audited(h, jobId)).containsExactly(
          "connector.job.submitted -->pending succeeded",
          "connector.job.running pending->running succeeded",
          "connector.job.succeeded running->succeeded succeeded");
    }
  }

  @Test
  @Tag("REQ-EXEC-006")
  void pendingIsAnnouncedBeforeRunningWhenAWorkerClaimsTheJobAtOnce() throws Exception {
    List<JobState> heard = new CopyOnWriteArrayList<>();
    CountDownLatch runningHeard = new CountDownLatch(1);
    CountDownLatch succeededHeard = new CountDownLatch(1);
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      h.engine.jobs().addListener(e -> {
        if (e.to() == JobState.PENDING && heard.isEmpty()) {
          // Hold the submitting thread's announcement while the worker claims the job (it polls every 5 ms). If
          // the worker does not wait for this announcement, it announces running within this bounded wait;
          // when it waits, the wait times out and pending stays first.
          try {
            runningHeard.await(500, TimeUnit.MILLISECONDS);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        }
        if (e.to() == JobState.RUNNING) {
          runningHeard.countDown();
        }
        heard.add(e.to());
        if (e.to() == JobState.SUCCEEDED) {
          succeededHeard.countDown();
        }
      });
      String jobId = submit(h, INPUT);
      assertThat(awaitTerminal(h, jobId, ALICE).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(succeededHeard.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(heard).containsExactly(JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED);
    }
  }

  @Test
  @Tag("REQ-TENANT-004")
  void anotherTenantCannotSeeOrCancelTheJob() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> {})) {
      String jobId = submit(h, INPUT);
      Caller mallory = Caller.user("mallory", "proj-m");
      assertThat(h.engine.jobs().get(jobId, mallory).found()).isEmpty();
      assertThat(h.engine.jobs().cancel(jobId, mallory)).isEqualTo(JobService.CancelResult.UNKNOWN_JOB);
      assertThat(awaitTerminal(h, jobId, ALICE).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }

  @Test
  @Tag("REQ-EXEC-006")
  @Tag("REQ-EXEC-007")
  void pendingJobIsCanceledAndFinishedOrUnknownJobsAreReported() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> b.jobs(j -> j.withWorkers("submit-only", 0,
        Duration.ofSeconds(30))))) {
      JobEventRecorder events = new JobEventRecorder();
      h.engine.jobs().addListener(events);
      String jobId = submit(h, INPUT);
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.CANCELED);
      assertThat(h.engine.jobs().get(jobId, ALICE).found().orElseThrow().state()).isEqualTo(JobState.CANCELED);
      assertThat(events.await(jobId, 2)).containsExactly(JobState.PENDING, JobState.CANCELED);
      assertThat(audited(h, jobId)).containsExactly("connector.job.submitted -->pending succeeded",
          "connector.job.canceled pending->canceled succeeded");
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.ALREADY_FINISHED);
      assertThat(h.engine.jobs().cancel("no-such-job", ALICE)).isEqualTo(JobService.CancelResult.UNKNOWN_JOB);
      assertThat(h.engine.jobs().get("no-such-job", ALICE).found()).isEmpty();
    }
  }

  @Test
  @Tag("REQ-EXEC-006")
  @Tag("REQ-EXEC-007")
  void runningJobIsCanceledCooperatively() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    JobEventRecorder events = new JobEventRecorder();
    try (EngineHarness h = harness((ctx, in) -> {
      entered.countDown();
      never.await(10, TimeUnit.SECONDS); // runs until the cancel interrupts it
      return HandlerResult.of(in);
    }, b -> b.jobs(j -> j.withWorkers("n1", 1, Duration.ofMillis(300))))) {
      h.engine.jobs().addListener(events);
      String jobId = submit(h, INPUT);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.CANCEL_REQUESTED);
      Job done = awaitTerminal(h, jobId, ALICE);
      assertThat(done.state()).isEqualTo(JobState.CANCELED);
      assertThat(done.history()).extracting(a -> a.outcome()).containsExactly("canceled");
      assertThat(events.await(jobId, 3)).containsExactly(JobState.PENDING, JobState.RUNNING, JobState.CANCELED);
      assertThat(audited(h, jobId)).containsExactly("connector.job.submitted -->pending succeeded",
          "connector.job.running pending->running succeeded", "connector.job.canceled running->canceled succeeded");
    }
  }

  @Test
  @Tag("REQ-EXEC-006")
  @Tag("REQ-EXEC-009")
  void jobThatKeepsFailingIsDeadLetteredWithItsHistoryAndCanBeRequeuedAndPurged() throws Exception {
    JobEventRecorder events = new JobEventRecorder();
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = harness((ctx, in) -> {
      if (runs.incrementAndGet() <= 3) {
        throw ProviderException.status(503, "flaky");
      }
      return HandlerResult.of(in);
    }, b -> {})) {
      h.engine.jobs().addListener(events);
      String jobId = submit(h, INPUT);
      Job failed = awaitTerminal(h, jobId, ALICE);
      assertThat(events.await(jobId, 7)).containsExactly(JobState.PENDING, JobState.RUNNING, JobState.PENDING,
          JobState.RUNNING, JobState.PENDING, JobState.RUNNING, JobState.FAILED);
      assertThat(events.events(jobId)).extracting(JobEvent::attempt).containsExactly(0, 1, 1, 2, 2, 3, 3);
      assertThat(audited(h, jobId)).containsExactly("connector.job.submitted -->pending succeeded",
          "connector.job.running pending->running succeeded",
          "connector.job.retry_scheduled running->pending transient transient/provider_status_503",
          "connector.job.running pending->running succeeded",
          "connector.job.retry_scheduled running->pending transient transient/provider_status_503",
          "connector.job.running pending->running succeeded",
          "connector.job.failed running->failed transient transient/provider_status_503");
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.attempts()).isEqualTo(3);
      assertThat(failed.deadLettered()).isTrue();
      assertThat(failed.history()).extracting(a -> a.attempt()).containsExactly(1, 2, 3);
      assertThat(failed.history()).allSatisfy(a -> assertThat(a.outcome()).isEqualTo("transient"));
      assertThat(((Failed) failed.outcome()).failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(h.engine.jobs().deadLetters(ALICE, 10).listed().orElseThrow()).extracting(Job::jobId)
          .containsExactly(jobId);
      assertThat(h.engine.jobs().deadLetters(Caller.user("mallory", "proj-m"), 10).listed()).hasValue(List.of());

      assertThat(h.engine.jobs().requeue(jobId, ALICE)).isEqualTo(JobService.DeadLetterResult.DONE);
      Job retried = awaitTerminal(h, jobId, ALICE);
      assertThat(retried.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(events.await(jobId, 10).subList(7, 10)).containsExactly(JobState.PENDING, JobState.RUNNING,
          JobState.SUCCEEDED);
      assertThat(audited(h, jobId).subList(7, 10)).containsExactly(
          "connector.job.requeued failed->pending succeeded", "connector.job.running pending->running succeeded",
          "connector.job.succeeded running->succeeded succeeded");
      assertThat(retried.history()).hasSize(4);
      assertThat(h.engine.jobs().deadLetters(ALICE, 10).listed()).hasValue(List.of());
      assertThat(h.engine.jobs().purge(jobId, ALICE)).as("only dead letters are purged")
          .isEqualTo(JobService.DeadLetterResult.NOT_DEAD_LETTER);
      assertThat(h.engine.jobs().requeue(jobId, ALICE)).as("only dead letters are requeued")
          .isEqualTo(JobService.DeadLetterResult.NOT_DEAD_LETTER);
    }
  }

  @Test
  @Tag("REQ-EXEC-006")
  @Tag("REQ-EXEC-009")
  void permanentFailureIsDeadLetteredAfterOneAttemptAndPurged() throws Exception {
    JobEventRecorder events = new JobEventRecorder();
    try (EngineHarness h = harness((ctx, in) -> {
      throw ProviderException.status(400, "bad");
    }, b -> {})) {
      h.engine.jobs().addListener(events);
      String jobId = submit(h, INPUT);
      Job failed = awaitTerminal(h, jobId, ALICE);
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.attempts()).isEqualTo(1);
      assertThat(events.await(jobId, 3)).containsExactly(JobState.PENDING, JobState.RUNNING, JobState.FAILED);
      assertThat(audited(h, jobId)).last()
          .isEqualTo("connector.job.failed running->failed permanent permanent/provider_status_400");
      assertThat(h.engine.jobs().deadLetters(ALICE, 10).listed().orElseThrow()).extracting(Job::jobId)
          .containsExactly(jobId);
      assertThat(h.engine.jobs().purge(jobId, ALICE)).isEqualTo(JobService.DeadLetterResult.DONE);
      assertThat(h.engine.jobs().purge(jobId, ALICE)).isEqualTo(JobService.DeadLetterResult.UNKNOWN_JOB);
      assertThat(h.engine.jobs().get(jobId, ALICE).found()).isEmpty();
    }
  }

  @Test
  @Tag("REQ-EXEC-008")
  void resultAboveTheMaximumPayloadFailsTheJob() throws Exception {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in), b -> b.jobs(j -> j.withRetries(3,
        Duration.ofMillis(10),
        200)))) {
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

      // the same key with another input names another request: refused on both paths, alike
      JobService.Submission reused = h.engine.jobs().submit(async("{\"text\":\"other\"}")
          .withIdempotencyKey("batch-8"));
      assertThat(reused).isInstanceOfSatisfying(JobService.Submission.Refused.class,
          r -> assertThat(r.failure().code()).isEqualTo("idempotency_key_reused"));
      Outcome syncReused = h.engine.invoke(InvocationRequest.of("inst-1", "echo", json("{\"text\":\"other\"}"),
          ALICE).withIdempotencyKey("batch-8"));
      assertThat(((Failed) syncReused).code()).isEqualTo("idempotency_key_reused");
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
    try (EngineHarness h = new EngineHarness(type, b -> b.jobs(j -> j.withPollInterval(Duration.ofMillis(5))))) {
      Failed sync = (Failed) h.invoke("echo", INPUT);
      assertThat(sync.code()).isEqualTo("mode_not_supported");
      String jobId = submit(h, INPUT);
      assertThat(awaitTerminal(h, jobId, ALICE).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }

  @Test
  @Tag("REQ-EXEC-005")
  void closingTheEngineReleasesARunningJobBackToPendingInsteadOfFailingIt() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    io.cynodeai.connector.core.store.InMemoryJobStore jobs = new io.cynodeai.connector.core.store.InMemoryJobStore();
    String jobId;
    try (EngineHarness h = harness((ctx, in) -> {
      started.countDown();
      new java.util.concurrent.CountDownLatch(1).await(); // runs until the closing engine interrupts it
      return HandlerResult.of(in);
    }, b -> b.jobStore(jobs).jobs(j -> j.withWorkers("closing-node", 1, Duration.ofMinutes(5))))) {
      jobId = submit(h, INPUT);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    }

    Job released = jobs.find(jobId).orElseThrow();
    assertThat(released.state()).isEqualTo(io.cynodeai.connector.api.job.JobState.PENDING);
    assertThat(released.history()).last().satisfies(a -> {
      assertThat(a.node()).isEqualTo("closing-node");
      assertThat(a.errorCode()).isEqualTo("released_at_shutdown");
    });
  }

  private static long workerThreads(String node) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("connector-job-worker-" + node + "-")).count();
  }

  @Test
  @Tag("REQ-EXEC-005")
  void jobWorkersStartOnlyWhereAnOperationCanRunAsAJobOrTheHostAsks() {
    ConnectorType syncOnly = TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build();
    try (EngineHarness quiet = new EngineHarness(syncOnly,
            b -> b.jobs(j -> j.withWorkers("quiet-node", JobSettings.AUTOMATIC, Duration.ofSeconds(30))));
        EngineHarness asked = new EngineHarness(syncOnly,
            b -> b.jobs(j -> j.withWorkers("asked-node", 2, Duration.ofSeconds(30))));
        EngineHarness async = harness((ctx, in) -> HandlerResult.of(in),
            b -> b.jobs(j -> j.withWorkers("async-node", JobSettings.AUTOMATIC, Duration.ofSeconds(30))))) {
      assertThat(workerThreads("quiet-node")).as("a sync-only engine polls no job store").isZero();
      assertThat(workerThreads("asked-node")).isEqualTo(2);
      assertThat(workerThreads("async-node")).isEqualTo(4);
    }
  }

  @Test
  @Tag("REQ-IDEM-001")
  void theConnectorGetsOneProviderIdempotencyKeyForEveryAttemptOfAJobAndOfAKeyedCall() throws Exception {
    List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    try (EngineHarness h = harness((ctx, in) -> {
      keys.add(String.valueOf(ctx.idempotencyKey()));
      if (ctx.executionMode() == ExecutionMode.ASYNC && runs.incrementAndGet() == 1) {
        throw ProviderException.transientFailure("blip", "try again", null);
      }
      return HandlerResult.of(in);
    }, b -> {})) {
      Job job = awaitTerminal(h, submit(h, INPUT), ALICE);
      assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(keys).hasSizeGreaterThanOrEqualTo(2);
      assertThat(keys).as("every attempt of the job, the same key").containsOnly(keys.get(0));
      assertThat(keys.get(0)).matches("[0-9a-f]{32}");

      keys.clear();
      h.engine.invoke(InvocationRequest.of("inst-1", "echo", json(INPUT), ALICE).withIdempotencyKey("order-17"));
      h.engine.invoke(InvocationRequest.of("inst-1", "echo", json(INPUT), ALICE));
      assertThat(keys).hasSize(2);
      assertThat(keys.get(0)).matches("[0-9a-f]{32}").doesNotContain("order-17");
      assertThat(keys.get(1)).as("an unkeyed sync call has none").isEqualTo("null");
    }
  }

  @Test
  @Tag("REQ-EXEC-006")
  void aJobWhoseNodeStoppedRenewingItsLeaseRunsAgainWithinTheDefaultLeaseOfFiveSeconds() throws Exception {
    io.cynodeai.connector.api.store.JobStore real = new io.cynodeai.connector.core.store.InMemoryJobStore();
    // the node's heartbeat is dead: renewals succeed without renewing anything, as if they never arrived
    io.cynodeai.connector.api.store.JobStore deaf = (io.cynodeai.connector.api.store.JobStore)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.cynodeai.connector.api.store.JobStore.class}, (proxy, method, args) -> {
              if (method.getName().equals("renew")) {
                return java.util.Optional.of(false); // "still yours, no cancel", but nothing renewed
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
    List<Long> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch hung = new CountDownLatch(1);
    try (EngineHarness h = new EngineHarness(asyncEcho((ctx, in) -> {
      started.add(System.nanoTime());
      if (started.size() == 1) {
        hung.await(30, TimeUnit.SECONDS); // the first attempt hangs, as on a node that stopped
      }
      return HandlerResult.of(in);
    }, Duration.ofSeconds(30)), b -> b.jobStore(deaf).jobs(j -> j.withPollInterval(Duration.ofMillis(20))))) {
      String jobId = submit(h, INPUT);
      Job done = awaitTerminal(h, jobId, ALICE);
      hung.countDown();
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.history()).extracting(a -> a.outcome()).contains("lease_expired");
      long gapMs = TimeUnit.NANOSECONDS.toMillis(started.get(1) - started.get(0));
      assertThat(gapMs).as("ran again after the default 5 s lease (not the old 30 s), with room for a loaded machine")
          .isBetween(3_000L, 15_000L);
    }
  }

  @Test
  @Tag("REQ-EXEC-007")
  void aCancelStopsAJobRunningOnThisNodeAtOnceNotAtTheNextHeartbeat() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    try (EngineHarness h = harness((ctx, in) -> {
      entered.countDown();
      new CountDownLatch(1).await(30, TimeUnit.SECONDS); // runs until the cancel interrupts it
      return HandlerResult.of(in);
    }, b -> b.jobs(j -> j.withWorkers("n1", 1, Duration.ofMinutes(1))))) { // heartbeat every 20 s: far too late
      String jobId = submit(h, INPUT);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      assertThat(h.engine.jobs().cancel(jobId, ALICE)).isEqualTo(JobService.CancelResult.CANCEL_REQUESTED);
      Job done = awaitTerminal(h, jobId, ALICE);
      assertThat(done.state()).isEqualTo(JobState.CANCELED);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopped at once").isLessThan(Duration.ofSeconds(5));
    }
  }
}
