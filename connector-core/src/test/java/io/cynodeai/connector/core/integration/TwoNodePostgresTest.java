package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two engine nodes (separate engines, stores and thread pools) sharing one real PostgreSQL database. */
class TwoNodePostgresTest {
  static final Caller ALICE = Caller.user("alice", "proj-a");

  private final AtomicInteger runs = new AtomicInteger();
  private HikariDataSource dataSource;
  private Stores storesA;
  private Stores storesB;
  private ConnectorEngine nodeA;
  private ConnectorEngine nodeB;

  private final ConcurrentHashMap<Integer, AtomicInteger> workRuns = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    dataSource = PostgresDatabases.newDatabase("twonode", 80);
    storesA = Stores.postgres(dataSource);
    storesB = Stores.postgres(dataSource);
    nodeA = node(storesA, "node-a", 4, Duration.ofSeconds(30));
    nodeB = node(storesB, "node-b", 4, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    nodeA.close();
    nodeB.close();
    storesA.close();
    storesB.close();
    dataSource.close();
  }

  private ConnectorEngine node(Stores stores, String name, int workers, Duration lease) {
    ConnectorType type = H2RestartTest.counter(runs, 300).toBuilder().operation(OperationDescriptor.builder("work")
        .modes(ExecutionMode.ASYNC).requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
        .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
        .handler((ctx, in) -> {
          workRuns.computeIfAbsent(in.path("n").asInt(), n -> new AtomicInteger()).incrementAndGet();
          return HandlerResult.of(in);
        })).build();
    return ConnectorEngines.builder().register(type).stores(stores).policy(PolicyEngine.allowAll())
        .auditSink(new RecordingAuditSink()).jobs(j -> j.withWorkers(name, workers, lease)
        .withPollInterval(Duration.ofMillis(5)))
        .build();
  }

  private void installCounter(ConnectorEngine node) {
    node.instances().install(InstanceDefinition.builder("c-1", "counter").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a")
        .concurrencyLimits(ConcurrencyLimits.queue(64, 1000, Duration.ofSeconds(30))).build(), ALICE);
    assertThat(node.instances().enable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  private static String submit(ConnectorEngine node, int n) {
    JobService.Submission s = node.jobs().submit(InvocationRequest.of("c-1", "work",
        JsonResources.parse("{\"n\":" + n + "}"), ALICE));
    return ((JobService.Submission.Accepted) s).jobId();
  }

  private static void awaitAllTerminal(Stores stores, int total) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < until) {
      Map<JobState, Integer> counts = stores.jobs().countByState();
      if (counts.get(JobState.SUCCEEDED) + counts.get(JobState.FAILED) + counts.get(JobState.CANCELED) == total) {
        return;
      }
      Thread.sleep(20); // polling the job store with a deadline: it has no change notification
    }
    throw new AssertionError("jobs did not finish: " + stores.jobs().countByState());
  }

  @Test
  @Tag("REQ-EXEC-005")
  @Tag("REQ-EXEC-006")
  void thousandJobsSubmittedAcrossTwoNodesEachFinishExactlyOnce() throws Exception {
    installCounter(nodeA);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(submit(i % 2 == 0 ? nodeA : nodeB, i));
    }
    awaitAllTerminal(storesA, 1000);
    assertThat(storesA.jobs().countByState().get(JobState.SUCCEEDED)).isEqualTo(1000);
    assertThat(workRuns).hasSize(1000);
    assertThat(workRuns.values()).allSatisfy(r -> assertThat(r).hasValue(1));
    Set<String> nodes = new HashSet<>();
    for (String id : ids) {
      Job job = nodeB.jobs().get(id, ALICE).orElseThrow();
      assertThat(job.attempts()).isEqualTo(1);
      assertThat(job.history()).hasSize(1);
      nodes.add(job.history().get(0).node());
    }
    assertThat(nodes).as("both nodes ran jobs").containsExactlyInAnyOrder("node-a", "node-b");
  }

  @Test
  @Tag("REQ-EXEC-006")
  void jobLeftBehindByADeadNodeIsCompletedByAnotherAfterItsLeaseRunsOut() throws Exception {
    nodeA.close();
    nodeB.close();
    nodeA = node(storesA, "node-a", 0, Duration.ofSeconds(30));
    installCounter(nodeA);
    String jobId = submit(nodeA, 7);
    // node-dead claims the job and stops without finishing or renewing: its lease is left behind
    assertThat(storesA.jobs().claim("node-dead", 1, Duration.ofMillis(500))).hasSize(1);
    nodeB = node(storesB, "node-b", 2, Duration.ofSeconds(30));
    Thread.sleep(200); // well inside the dead node's 500 ms lease: node-b must not reclaim before it ends
    assertThat(nodeB.jobs().get(jobId, ALICE).orElseThrow().state()).as("not reclaimed before the lease runs out")
        .isEqualTo(JobState.RUNNING);
    awaitAllTerminal(storesB, 1);
    Job done = nodeB.jobs().get(jobId, ALICE).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.history()).extracting(a -> a.node() + ":" + a.outcome())
        .containsExactly("node-dead:lease_expired", "node-b:succeeded");
    assertThat(workRuns.get(7)).hasValue(1);
  }

  @Test
  @Tag("REQ-IDEM-003")
  @Tag("REQ-IDEM-004")
  void duplicateKeyedCallsSpreadOverTwoNodesRunTheHandlerOnce() throws Exception {
    nodeA.instances().install(InstanceDefinition.builder("c-1", "counter").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    assertThat(nodeB.instances().enable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    InvocationRequest keyed = InvocationRequest.of("c-1", "bump", JsonResources.parse("{}"), ALICE)
        .withIdempotencyKey("payment-42");
    ExecutorService callers = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Outcome>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        ConnectorEngine node = i % 2 == 0 ? nodeA : nodeB;
        String requestId = "call-" + i;
        calls.add(callers.submit(() -> {
          go.await();
          return node.invoke(keyed.withRequestId(requestId));
        }));
      }
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> call : calls) {
        outcomes.add(call.get(60, TimeUnit.SECONDS));
      }
      assertThat(runs).as("the handler ran exactly once").hasValue(1);
      assertThat(outcomes.get(0)).isInstanceOf(Succeeded.class);
      assertThat(outcomes).allSatisfy(o -> assertThat(io.cynodeai.connector.core.Replays.unmarked(o))
          .isEqualTo(io.cynodeai.connector.core.Replays.unmarked(outcomes.get(0))));
    } finally {
      callers.shutdownNow();
    }
  }
}
