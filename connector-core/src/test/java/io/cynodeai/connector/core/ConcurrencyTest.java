package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxSeen = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    release.countDown();
    callers.shutdownNow();
  }

  /** An echo whose calls hold their slot until {@link #release} opens (or {@code holdMillis} pass). */
  private ConnectorType blocking(long holdMillis) {
    return TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
      maxSeen.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await(holdMillis, TimeUnit.MILLISECONDS);
      } finally {
        running.decrementAndGet();
      }
      return HandlerResult.of(in);
    })).build();
  }

  private static EngineHarness engine(ConnectorType type, Consumer<EngineBuilder> customize, String id,
      ConcurrencyLimits limits) {
    EngineHarness h = new EngineHarness(type, customize);
    assertThat(h.engine.instances().install(InstanceDefinition.builder(id, "echo").config(json("{\"endpoint\":\"x\"}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").concurrencyLimits(limits).build(), ALICE))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(h.engine.instances().enable(id, ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(h.engine.instances().get(id, ALICE).orElseThrow().concurrencyLimits()).isEqualTo(limits);
    return h;
  }

  private Future<Outcome> call(EngineHarness h, String id) {
    return callers.submit(() -> h.engine.invoke(InvocationRequest.of(id, "echo", json("{\"text\":\"x\"}"), ALICE)));
  }

  private void awaitRunning(int n) throws InterruptedException {
    Await.until(n + " calls running", () -> running.get() >= n);
    assertThat(running).hasValue(n);
  }

  /** Starts a call and returns once it waits in the instance's queue. */
  private Future<Outcome> queuedCall(EngineHarness h, String id) throws Exception {
    CompletableFuture<Thread> caller = new CompletableFuture<>();
    Future<Outcome> call = callers.submit(() -> {
      caller.complete(Thread.currentThread());
      return h.engine.invoke(InvocationRequest.of(id, "echo", json("{\"text\":\"x\"}"), ALICE));
    });
    Await.parkedIn(caller.get(10, TimeUnit.SECONDS),
        "io.cynodeai.connector.core.internal.resilience.ConcurrencyGuard$Gate", "enter");
    return call;
  }

  @Test
  @Tag("REQ-CONC-001")
  @Tag("REQ-CONC-003")
  void queuedCallsRunButNeverMoreThanTheInstanceMaximumAtOnce() throws Exception {
    try (EngineHarness h = engine(blocking(30), b -> {}, "lim", ConcurrencyLimits.queue(2, 20, Duration.ofSeconds(10)))) {
      List<Future<Outcome>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(call(h, "lim"));
      }
      for (Future<Outcome> c : calls) {
        assertThat(c.get(20, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
      }
      assertThat(maxSeen).hasValue(2);
    }
  }

  @Test
  @Tag("REQ-CONC-003")
  void rejectBehaviourRefusesACallBeyondTheMaximumAtOnce() throws Exception {
    try (EngineHarness h = engine(blocking(10_000), b -> {}, "rej", ConcurrencyLimits.reject(1))) {
      Future<Outcome> first = call(h, "rej");
      awaitRunning(1);
      Failed f = (Failed) h.engine.invoke(InvocationRequest.of("rej", "echo", json("{\"text\":\"x\"}"), ALICE));
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.code()).isEqualTo("concurrency_limit");
      assertThat(f.message()).isEqualTo("connector instance 'rej' is running its maximum of 1 calls at once");
      assertThat(f.retryable()).isTrue();
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
    }
  }

  @Test
  @Tag("REQ-CONC-002")
  void aFullQueueRefusesTheNextCall() throws Exception {
    try (EngineHarness h = engine(blocking(10_000), b -> {}, "q", ConcurrencyLimits.queue(1, 1, Duration.ofSeconds(10)))) {
      Future<Outcome> first = call(h, "q");
      awaitRunning(1);
      Future<Outcome> queued = queuedCall(h, "q");
      Failed f = (Failed) h.engine.invoke(InvocationRequest.of("q", "echo", json("{\"text\":\"x\"}"), ALICE));
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.code()).isEqualTo("queue_full");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
      assertThat(queued.get(10, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
    }
  }

  @Test
  @Tag("REQ-CONC-003")
  void aQueuedCallGivesUpAfterItsBoundedWait() throws Exception {
    try (EngineHarness h = engine(blocking(10_000), b -> {}, "w", ConcurrencyLimits.queue(1, 5, Duration.ofMillis(150)))) {
      call(h, "w");
      awaitRunning(1);
      long start = System.nanoTime();
      Failed f = (Failed) h.engine.invoke(InvocationRequest.of("w", "echo", json("{\"text\":\"x\"}"), ALICE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.code()).isEqualTo("queue_timeout");
    }
  }

  @Test
  @Tag("REQ-CONC-004")
  void theGlobalGuardBoundsCallsAcrossInstances() throws Exception {
    try (EngineHarness h = engine(blocking(10_000), b -> b.limits(l -> l.withGlobalConcurrency(1)), "a",
        ConcurrencyLimits.reject(5))) {
      h.engine.instances().install(InstanceDefinition.builder("b", "echo").config(json("{\"endpoint\":\"x\"}"))
          .owner(OwnerScope.user("alice")).concurrencyLimits(ConcurrencyLimits.reject(5)).build(), ALICE);
      h.engine.instances().enable("b", ALICE);
      Future<Outcome> first = call(h, "a");
      awaitRunning(1);
      Failed f = (Failed) h.engine.invoke(InvocationRequest.of("b", "echo", json("{\"text\":\"x\"}"), ALICE));
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.code()).isEqualTo("global_concurrency_limit");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
      assertThat(h.engine.invoke(InvocationRequest.of("b", "echo", json("{\"text\":\"x\"}"), ALICE)))
          .isInstanceOf(Succeeded.class);
    }
  }
}
