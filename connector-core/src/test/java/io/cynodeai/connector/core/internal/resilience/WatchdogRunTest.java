package io.cynodeai.connector.core.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchdogRunTest {
  /** The MDC being put back is proven in CallerThreadExecutionTest, with a provider that keeps one. */
  @AfterEach
  void clear() {
    Thread.interrupted();
  }

  @Test
  void aBodyThatReturnsInTimeGivesItsValue() {
    Watchdog.Ran<String> ran = Watchdog.shared().run(Duration.ofSeconds(5), watch -> "done");

    assertThat(ran.value()).isEqualTo("done");
    assertThat(ran.thrown()).isNull();
    assertThat(ran.fired()).isFalse();
    assertThat(ran.overran()).isFalse();
  }

  @Test
  void whatTheBodyThrowsIsCapturedNotRethrown() {
    IllegalStateException boom = new IllegalStateException("boom");

    Watchdog.Ran<String> ran = Watchdog.shared().run(Duration.ofSeconds(5), watch -> {
      throw boom;
    });

    assertThat(ran.thrown()).isSameAs(boom);
    assertThat(ran.value()).isNull();
    assertThat(ran.fired()).isFalse();
  }

  @Test
  void aBodyThatHonoursTheInterruptFiresWithoutOverrunningAndTheInterruptIsCleared() {
    Watchdog.Ran<String> ran = Watchdog.shared().run(Duration.ofMillis(50), watch -> {
      new CountDownLatch(1).await(10, TimeUnit.SECONDS); // blocks until interrupted at the deadline
      return "never";
    });

    assertThat(ran.fired()).isTrue();
    assertThat(ran.thrown()).isInstanceOf(InterruptedException.class);
    assertThat(ran.overran()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aBodyThatIgnoresTheInterruptOverruns() {
    long tolerance = Watchdog.OVERRUN_TOLERANCE.toNanos();

    Watchdog.Ran<Long> ran = Watchdog.shared().run(Duration.ofMillis(20), watch -> {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20) + 3 * tolerance;
      long spins = 0;
      while (System.nanoTime() < until) { // ignores the interrupt; bounded by time
        spins++;
      }
      return spins;
    });

    assertThat(ran.fired()).isTrue();
    assertThat(ran.overrunNanos()).isGreaterThan(tolerance);
    assertThat(ran.overran()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
