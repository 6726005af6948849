package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine restarted on the same H2 file keeps its instances and idempotency records. */
class H2RestartTest {
  static final Caller ALICE = Caller.user("alice", "proj-a");

  static ConnectorType counter(AtomicInteger runs) {
    return counter(runs, 0);
  }

  /** A mutating, idempotent operation {@code bump} that counts its runs, each taking {@code millis}. */
  static ConnectorType counter(AtomicInteger runs, long millis) {
    return ConnectorType.builder("counter", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("bump").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC).mutating(true)
            .supportsIdempotency(true)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              int run = runs.incrementAndGet();
              if (millis > 0) {
                Thread.sleep(millis); // a slow handler, so the engine closes while the job runs
              }
              return HandlerResult.of(JsonResources.parse("{\"run\":" + run + "}"));
            }))
        .build();
  }

  static ConnectorEngine engine(Stores stores, AtomicInteger runs) {
    return engine(stores, runs, 2);
  }

  static ConnectorEngine engine(Stores stores, AtomicInteger runs, int workers) {
    return ConnectorEngines.builder().register(counter(runs)).stores(stores).policy(PolicyEngine.allowAll())
        .auditSink(new RecordingAuditSink())
        .jobs(j -> j.withWorkers("h2-node", workers, java.time.Duration.ofSeconds(30))
        .withPollInterval(java.time.Duration.ofMillis(5))).build();
  }

  @Test
  @Tag("REQ-EXEC-005")
  void aJobSubmittedBeforeARestartRunsAfterIt(@TempDir Path dir) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Path file = dir.resolve("jobs");
    String jobId;
    try (Stores stores = Stores.h2(file); ConnectorEngine engine = engine(stores, runs, 0)) {
      engine.instances().install(InstanceDefinition.builder("c-1", "counter").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      engine.instances().enable("c-1", ALICE);
      jobId = ((io.cynodeai.connector.api.job.JobService.Submission.Accepted) engine.jobs().submit(
          InvocationRequest.of("c-1", "bump", JsonResources.parse("{}"), ALICE).withIdempotencyKey("j-1")))
          .jobId();
    }
    assertThat(runs).hasValue(0);
    try (Stores stores = Stores.h2(file); ConnectorEngine engine = engine(stores, runs, 2)) {
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (!engine.jobs().get(jobId, ALICE).orElseThrow().state().terminal() && System.nanoTime() < until) {
        Thread.sleep(10); // polling the job store with a deadline: it has no change notification
      }
      assertThat(engine.jobs().get(jobId, ALICE).orElseThrow().state())
          .isEqualTo(io.cynodeai.connector.api.job.JobState.SUCCEEDED);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  @Tag("REQ-IDEM-002")
  void restartedEngineKeepsInstancesAndReplaysKeyedCalls(@TempDir Path dir) {
    AtomicInteger runs = new AtomicInteger();
    Path file = dir.resolve("connectors");
    InvocationRequest keyed = InvocationRequest.of("c-1", "bump", JsonResources.parse("{\"n\":1}"), ALICE)
        .withIdempotencyKey("order-17");
    Outcome before;
    try (Stores stores = Stores.h2(file); ConnectorEngine engine = engine(stores, runs)) {
      engine.instances().install(InstanceDefinition.builder("c-1", "counter").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      assertThat(engine.instances().enable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
      before = engine.invoke(keyed);
      assertThat(before).isInstanceOf(Succeeded.class);
    }
    try (Stores stores = Stores.h2(file); ConnectorEngine engine = engine(stores, runs)) {
      assertThat(engine.instances().get("c-1", ALICE).orElseThrow().status()).isEqualTo(InstanceStatus.ACTIVE);
      Outcome after = engine.invoke(keyed.withRequestId("retry-after-restart"));
      assertThat(io.cynodeai.connector.core.Replays.marked(after)).isTrue();
      assertThat(io.cynodeai.connector.core.Replays.unmarked(after)).isEqualTo(before);
      assertThat(runs).as("the handler ran once across the restart").hasValue(1);
    }
  }
}
