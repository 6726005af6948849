package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.sandbox.internal.SandboxedHandler;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's concurrency target through a real engine and real sandboxed workers: 100 callers released at once,
 * each with its own input, through one instance whose concurrency cap is 4 and whose pool keeps 4 warm workers.
 * Every caller gets exactly its own answer, from that instance, and no more than 4 workers ever served them.
 */
@Tag("REQ-EGRESS-005")
class ConcurrentWarmWorkersTest {
  private static final int CALLERS = 100;
  private static final int WORKERS = 4;

  @Test
  void aHundredCallersAtOnceThroughFourWarmWorkersEachGetExactlyTheirOwnAnswer() throws Exception {
    ConnectorType type = SandboxedConnectors.loadUnverified(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS.withWarmWorkers(WORKERS,
            Duration.ofSeconds(60)));
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try (ConnectorEngine engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .build()) {
      assertThat(engine.instances().install(InstanceDefinition.builder("inst-c", "untrusted")
          .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a")
          .concurrencyLimits(new ConcurrencyLimits(WORKERS, CALLERS, ConcurrencyLimits.Backpressure.QUEUE,
              Duration.ofSeconds(120))).build(), SandboxedEngineTest.ALICE))
          .isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(engine.instances().enable("inst-c", SandboxedEngineTest.ALICE))
          .isInstanceOf(LifecycleOutcome.Applied.class);
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
      long[] nanos = new long[CALLERS];
      for (int i = 0; i < CALLERS; i++) {
        int n = i;
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          long t0 = System.nanoTime();
          Outcome o = engine.invoke(InvocationRequest.of("inst-c", "tagged",
              JsonResources.parse("{\"text\":\"caller-" + n + "\"}"), SandboxedEngineTest.ALICE));
          nanos[n] = System.nanoTime() - t0;
          assertThat(o).as(o.toString()).isInstanceOf(Succeeded.class);
          return ((Succeeded) o).response().data();
        }, callers));
      }
      long started = System.nanoTime();
      go.countDown();
      Set<String> workers = new TreeSet<>();
      for (int i = 0; i < CALLERS; i++) {
        JsonNode answer = calls.get(i).get(180, TimeUnit.SECONDS);
        assertThat(answer.path("text").asText()).isEqualTo("caller-" + i);
        assertThat(answer.path("instance").asText()).isEqualTo("inst-c");
        workers.add(answer.path("worker").asText());
      }
      long wallMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(workers).as("the workers that answered").hasSizeBetween(1, WORKERS);
      SandboxedHandler handler = (SandboxedHandler) type.operation("tagged").orElseThrow().handler();
      assertThat(handler.idleWorkers()).isBetween(1, WORKERS);
      java.util.Arrays.sort(nanos);
      System.out.printf(java.util.Locale.ROOT, "%d concurrent calls, %d warm workers: wall %d ms, p50 %.1f ms,"
          + " p99 %.1f ms (workers %d)%n", CALLERS, WORKERS, wallMillis, nanos[CALLERS / 2] / 1e6,
          nanos[CALLERS * 99 / 100 - 1] / 1e6, workers.size());
    } finally {
      callers.shutdownNow();
      SandboxedConnectors.closeIdleWorkers(type);
    }
  }
}
