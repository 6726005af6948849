package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Warm workers through a real engine: a worker serves the calls of one instance, is replaced after a crash, and a
 * call past its deadline kills only its own worker. The fixture's {@code count} answers how many calls its process
 * has served (1 in a fresh child).
 */
@Tag("REQ-EGRESS-005")
class WarmWorkersTest {
  static final SandboxLimits WARM = SandboxedEngineTest.LIMITS.withWarmWorkers(2, Duration.ofSeconds(60));
  static ConnectorType warmType;
  static ConnectorType coldType;
  static ConnectorEngine warm;
  static ConnectorEngine cold;
  static final ExecutorService POOL = Executors.newFixedThreadPool(6);

  @BeforeAll
  static void start() throws Exception {
    warmType = SandboxedConnectors.loadUnverified(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), WARM);
    coldType = SandboxedConnectors.loadUnverified(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS);
    warm = engine(warmType);
    cold = engine(coldType);
  }

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
    warm.close();
    cold.close();
    SandboxedConnectors.closeIdleWorkers(warmType);
    assertThat(SandboxedEngineTest.children()).as("no worker outlives closeIdleWorkers").isEmpty();
  }

  static ConnectorEngine engine(ConnectorType type) {
    ConnectorEngine engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .credentials(CredentialVault.of(SecretProviders.environment(Map.of("TOKEN", "t"))),
            instance -> Map.of("token", SecretRef.parse("env:TOKEN")))
        .build();
    for (String id : List.of("inst-a", "inst-b")) {
      assertThat(engine.instances().install(InstanceDefinition.builder(id, "untrusted")
          .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(),
          SandboxedEngineTest.ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(engine.instances().enable(id, SandboxedEngineTest.ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    }
    return engine;
  }

  static Outcome call(ConnectorEngine engine, String instance, String operation) {
    return engine.invoke(InvocationRequest.of(instance, operation, JsonResources.parse("{}"),
        SandboxedEngineTest.ALICE));
  }

  static int count(ConnectorEngine engine, String instance) {
    Outcome outcome = call(engine, instance, "count");
    assertThat(outcome).as(outcome.toString()).isInstanceOf(Succeeded.class);
    return ((Succeeded) outcome).response().data().path("calls").asInt();
  }

  @Test
  void callsOfOneInstanceReuseAWarmWorkerAndAnotherInstanceNeverSharesIt() {
    SandboxedConnectors.closeIdleWorkers(warmType);
    int first = count(warm, "inst-a");
    assertThat(count(warm, "inst-a")).isEqualTo(first + 1);
    assertThat(count(warm, "inst-a")).isEqualTo(first + 2);
    assertThat(count(warm, "inst-b")).as("inst-b gets a worker of its own").isEqualTo(1);
    assertThat(count(cold, "inst-a")).as("without warm workers every call is a fresh child").isEqualTo(1);
    assertThat(count(cold, "inst-a")).isEqualTo(1);
  }

  @Test
  void aCallPastItsDeadlineKillsOnlyItsOwnWorker() {
    SandboxedConnectors.closeIdleWorkers(warmType);
    int b = count(warm, "inst-b");
    count(warm, "inst-a");

    Failed timedOut = (Failed) call(warm, "inst-a", "spin");

    assertThat(timedOut.code()).isEqualTo("timeout");
    assertThat(count(warm, "inst-b")).as("inst-b's worker survived").isEqualTo(b + 1);
    assertThat(count(warm, "inst-a")).as("inst-a's worker was replaced").isEqualTo(1);
  }

  @Test
  void aCrashedWorkerIsReplacedByAFreshOne() {
    SandboxedConnectors.closeIdleWorkers(warmType);
    count(warm, "inst-a");

    Failed crashed = (Failed) call(warm, "inst-a", "hog");

    assertThat(crashed.code()).isEqualTo("sandbox_crashed");
    assertThat(count(warm, "inst-a")).isEqualTo(1);
  }

  @Test
  void concurrentCallsGetTheirOwnAnswersFromWarmAndFreshWorkersAlike() throws Exception {
    for (int round = 0; round < 2; round++) {
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String text = "round-" + round + "-call-" + i;
        String instance = i % 2 == 0 ? "inst-a" : "inst-b";
        calls.add(CompletableFuture.supplyAsync(() -> {
          Outcome o = warm.invoke(InvocationRequest.of(instance, "echo",
              JsonResources.parse("{\"text\":\"" + text + "\"}"), SandboxedEngineTest.ALICE));
          return o instanceof Succeeded s ? s.response().data().path("text").asText() : o.toString();
        }, POOL));
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("round-" + round + "-call-" + i);
      }
    }
  }

  /**
   * Issue 13's target: 100 concurrent calls across 4 warm workers (two instances, two workers each, four callers)
   * lose no answer and mix none up.
   */
  @Test
  void aHundredConcurrentCallsAcrossFourWorkersEachGetTheirOwnAnswer() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String text = "hundred-" + i;
        String instance = i % 2 == 0 ? "inst-a" : "inst-b";
        calls.add(CompletableFuture.supplyAsync(() -> {
          Outcome o = warm.invoke(InvocationRequest.of(instance, "echo",
              JsonResources.parse("{\"text\":\"" + text + "\"}"), SandboxedEngineTest.ALICE));
          return o instanceof Succeeded s ? s.response().data().path("text").asText() + " from "
              + s.response().warnings() : o.toString();
        }, callers));
      }
      for (int i = 0; i < calls.size(); i++) {
        String instance = i % 2 == 0 ? "inst-a" : "inst-b";
        assertThat(calls.get(i).get(120, TimeUnit.SECONDS)).startsWith("hundred-" + i + " from ")
            .contains("from " + instance);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /** Not a benchmark harness: a side-by-side measurement, printed, with the gap asserted loosely. */
  @Test
  void aWarmCallSkipsTheJvmStart() {
    count(warm, "inst-a");
    List<Long> warmMicros = new ArrayList<>();
    List<Long> coldMicros = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      count(warm, "inst-a");
      warmMicros.add((System.nanoTime() - t0) / 1000);
      t0 = System.nanoTime();
      count(cold, "inst-a");
      coldMicros.add((System.nanoTime() - t0) / 1000);
    }
    Collections.sort(warmMicros);
    Collections.sort(coldMicros);
    System.out.println("sandboxed call p50: warm " + warmMicros.get(2) + " us, cold " + coldMicros.get(2)
        + " us (warm " + warmMicros + ", cold " + coldMicros + ")");
    assertThat(warmMicros.get(2)).isLessThan(coldMicros.get(2));
  }
}
