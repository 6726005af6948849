package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * The sync fast path: an operation declared interruptible runs on the caller's thread under the shared
 * watchdog, and answers as it would on a handler thread. The parameterized tests run both paths
 * ({@code interruptible} true and false) and expect the same outcomes.
 */
class CallerThreadExecutionTest {
  private static final String OK = "{\"text\":\"hi\"}";
  private static final Duration CAP = Duration.ofMillis(200);
  /** How late an answer at the cap may come on a loaded build machine. */
  private static final long LATE_MS = 1_500;

  private static EngineHarness harness(boolean interruptible, OperationHandler handler, Duration cap,
      RetryPolicy retry, int breakerThreshold) {
    OperationDescriptor.Builder op = TestTypes.echo(handler).maxTimeout(cap).retry(retry)
        .interruptible(interruptible);
    return new EngineHarness(TestTypes.type("fast", op).build(),
        b -> b.limits(l -> l.withCircuitBreaker(breakerThreshold, Duration.ofMinutes(5))));
  }

  private static EngineHarness harness(boolean interruptible, OperationHandler handler, Duration cap,
      RetryPolicy retry) {
    return harness(interruptible, handler, cap, retry, 100);
  }

  private static EngineHarness harness(boolean interruptible, OperationHandler handler) {
    return harness(interruptible, handler, Duration.ofSeconds(10), RetryPolicy.none());
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void interruptibleOperationRunsOnTheCallersThreadAndOthersOnAHandlerThread() {
    AtomicReference<Thread> ran = new AtomicReference<>();
    OperationHandler handler = (ctx, in) -> {
      ran.set(Thread.currentThread());
      return HandlerResult.of(in);
    };
    try (EngineHarness fast = harness(true, handler)) {
      assertThat(fast.invoke("echo", OK)).isInstanceOf(Succeeded.class);
      assertThat(ran.get()).isSameAs(Thread.currentThread());
    }
    try (EngineHarness isolated = harness(false, handler)) {
      assertThat(isolated.invoke("echo", OK)).isInstanceOf(Succeeded.class);
      assertThat(ran.get()).isNotSameAs(Thread.currentThread());
    }
  }

  @ParameterizedTest(name = "interruptible={0}")
  @ValueSource(booleans = {true, false})
  @Tag("REQ-EXEC-003")
  void handlerSleepingPastTheCapIsInterruptedAndTheCallTimesOutOnTime(boolean interruptible) throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (EngineHarness h = harness(interruptible, (ctx, in) -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return HandlerResult.of(in);
    }, CAP, RetryPolicy.none())) {
      long start = System.nanoTime();
      Failed failed = (Failed) h.invoke("echo", OK);
      long elapsed = millisSince(start);

      assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(failed.code()).isEqualTo("timeout");
      assertThat(failed.message()).isEqualTo("the operation did not complete within its timeout of 200 ms");
      assertThat(elapsed).isBetween(CAP.toMillis() - 1, CAP.toMillis() + LATE_MS);
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt is not left behind").isFalse();
      AuditEvent event = h.audit.last();
      assertThat(event.errorCode()).isEqualTo("timeout");
      assertThat(event.details()).doesNotContainKey("watchdog");
    }
  }

  @Test
  void handlerIgnoringTheInterruptIsFlaggedAndItsOperationRunsIsolatedFromThenOn() throws Exception {
    long overrunMs = 600;
    List<Thread> threads = new CopyOnWriteArrayList<>();
    AtomicInteger interruptsIgnored = new AtomicInteger();
    CountDownLatch secondDone = new CountDownLatch(1);
    OperationHandler stubborn = (ctx, in) -> {
      threads.add(Thread.currentThread());
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(overrunMs + CAP.toMillis());
      while (System.nanoTime() - until < 0) { // busy, and deaf to interruption
        if (Thread.interrupted()) {
          interruptsIgnored.incrementAndGet();
        }
        Thread.onSpinWait();
      }
      if (threads.size() == 2) {
        secondDone.countDown();
      }
      return HandlerResult.of(in);
    };
    try (EngineHarness h = harness(true, stubborn, CAP, RetryPolicy.none())) {
      long start = System.nanoTime();
      Failed first = (Failed) h.invoke("echo", OK);
      long firstMs = millisSince(start);

      // the caller's thread is the handler's: the answer comes when the handler returns, typed as the timeout
      assertThat(first.code()).isEqualTo("timeout");
      assertThat(firstMs).isBetween(overrunMs + CAP.toMillis(), overrunMs + CAP.toMillis() + LATE_MS);
      assertThat(interruptsIgnored).hasValue(1);
      assertThat(threads).containsExactly(Thread.currentThread());
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      AuditEvent flagged = h.audit.last();
      assertThat(flagged.errorCode()).isEqualTo("timeout");
      assertThat(flagged.details().get("watchdog")).matches(
          "the handler ran \\d+ ms past its timeout although interrupted; operation 'echo' now runs on handler "
              + "threads");

      start = System.nanoTime();
      Failed second = (Failed) h.invoke("echo", OK);
      long secondMs = millisSince(start);

      // isolated now: answered at the cap while the handler still runs on its own thread
      assertThat(second.code()).isEqualTo("timeout");
      assertThat(secondMs).isBetween(CAP.toMillis() - 1, CAP.toMillis() + LATE_MS);
      assertThat(threads).hasSize(2);
      assertThat(threads.get(1)).isNotSameAs(Thread.currentThread());
      assertThat(h.audit.last().details()).doesNotContainKey("watchdog");
      assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * The test classpath's SLF4J provider keeps no MDC (slf4j-simple's is a no-op); a real one is put in place
   * for the MDC test, through SLF4J's package-private setter, and the previous one put back after.
   */
  private static MDCAdapter useMdcAdapter(MDCAdapter adapter) throws ReflectiveOperationException {
    MDCAdapter previous = MDC.getMDCAdapter();
    Method set = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
    set.setAccessible(true);
    set.invoke(null, adapter);
    return previous;
  }

  @Test
  void threadLocalsAndMdcDoNotLeakBetweenCalls() throws ReflectiveOperationException {
    MDCAdapter previous = useMdcAdapter(new BasicMDCAdapter());
    try {
      MDC.put("probe", "works");
      assertThat(MDC.get("probe")).as("a working MDC").isEqualTo("works");
      MDC.clear();
      threadLocalsAndMdcDoNotLeak();
    } finally {
      MDC.clear();
      useMdcAdapter(previous);
    }
  }

  private void threadLocalsAndMdcDoNotLeak() {
    List<String> actingUsers = new CopyOnWriteArrayList<>();
    List<String> seenLeftovers = new CopyOnWriteArrayList<>();
    OperationHandler handler = (ctx, in) -> {
      actingUsers.add(ActingUser.current());
      String leftover = MDC.get("handler-key");
      if (leftover != null) {
        seenLeftovers.add(leftover);
      }
      MDC.put("handler-key", "set by " + ActingUser.current());
      MDC.remove("caller-key");
      return HandlerResult.of(in);
    };
    MDC.put("caller-key", "kept");
    try (EngineHarness h = harness(true, handler)) {
      Outcome alice = h.engine.invoke(InvocationRequest.of("inst-1", "echo", EngineHarness.json(OK),
          EngineHarness.ALICE));
      assertThat(ActingUser.current()).isEqualTo(ActingUser.SYSTEM);
      assertThat(MDC.get("handler-key")).isNull();
      assertThat(MDC.get("caller-key")).isEqualTo("kept");
      Outcome bob = h.engine.invoke(InvocationRequest.of("inst-1", "echo", EngineHarness.json(OK),
          Caller.user("bob", "proj-a")));

      assertThat(alice).isInstanceOf(Succeeded.class);
      assertThat(bob).isInstanceOf(Succeeded.class);
      assertThat(actingUsers).containsExactly("alice", "bob");
      assertThat(seenLeftovers).isEmpty();
      assertThat(ActingUser.current()).isEqualTo(ActingUser.SYSTEM);
      assertThat(MDC.get("handler-key")).isNull();
      assertThat(MDC.get("caller-key")).isEqualTo("kept");
    } finally {
      MDC.clear();
    }
  }

  @ParameterizedTest(name = "interruptible={0}")
  @ValueSource(booleans = {true, false})
  @Tag("REQ-RETRY-002")
  void transientFailuresAreRetriedTheSameWay(boolean interruptible) {
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = harness(interruptible, (ctx, in) -> {
      if (calls.incrementAndGet() <= 2) {
        throw ProviderException.status(503, "unavailable");
      }
      return HandlerResult.of(in).withProviderStatus(200);
    }, Duration.ofSeconds(10), RetryPolicy.exponential(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(4)))) {
      Succeeded ok = (Succeeded) h.invoke("echo", OK);

      assertThat(ok.response().metadata().retryCount()).isEqualTo(2);
      assertThat(calls).hasValue(3);
      assertThat(h.audit.last().retryCount()).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "interruptible={0}")
  @ValueSource(booleans = {true, false})
  @Tag("REQ-EXEC-003")
  void theCapEndsRetries(boolean interruptible) {
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = harness(interruptible, (ctx, in) -> {
      calls.incrementAndGet();
      throw new java.io.IOException("connection reset");
    }, CAP, RetryPolicy.exponential(5).withDelays(Duration.ofMillis(150), Duration.ofMillis(150)), 100)) {
      long start = System.nanoTime();
      Failed failed = (Failed) h.invoke("echo", OK);

      assertThat(failed.code()).isEqualTo("timeout");
      assertThat(millisSince(start)).isBetween(CAP.toMillis() - 1, CAP.toMillis() + LATE_MS);
      assertThat(calls.get()).isBetween(1, 2);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @ParameterizedTest(name = "interruptible={0}")
  @ValueSource(booleans = {true, false})
  void timeoutsOpenTheBreaker(boolean interruptible) {
    try (EngineHarness h = harness(interruptible, (ctx, in) -> {
      Thread.sleep(60_000);
      return HandlerResult.of(in);
    }, CAP, RetryPolicy.none(), 2)) {
      assertThat(((Failed) h.invoke("echo", OK)).code()).isEqualTo("timeout");
      assertThat(((Failed) h.invoke("echo", OK)).code()).isEqualTo("timeout");

      Failed third = (Failed) h.invoke("echo", OK);

      assertThat(third.code()).isEqualTo("circuit_open");
      assertThat(h.audit.events(e -> e.action().equals("circuit_opened"))).hasSize(1);
    }
  }

  @ParameterizedTest(name = "interruptible={0}")
  @ValueSource(booleans = {true, false})
  void interruptingTheCallerAnswersInterrupted(boolean interruptible) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean handlerInterrupted = new AtomicBoolean();
    try (EngineHarness h = harness(interruptible, (ctx, in) -> {
      running.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        handlerInterrupted.set(true);
        throw e;
      }
      return HandlerResult.of(in);
    })) {
      Thread caller = Thread.currentThread();
      Thread interrupter = new Thread(() -> {
        try {
          if (running.await(10, TimeUnit.SECONDS)) {
            caller.interrupt();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      interrupter.start();
      Outcome out;
      try {
        out = h.invoke("echo", OK);
      } finally {
        interrupter.join(10_000);
      }

      assertThat(Thread.interrupted()).as("the host's interrupt stays set, and is cleared here").isTrue();
      assertThat(((Failed) out).code()).isEqualTo("interrupted");
      Await.until("the handler to see the interrupt", handlerInterrupted::get);
    }
  }
}
