package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.core.store.InMemoryCursorStore;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine's poller: exponential, capped backoff after failed polls; the cursor kept until delivery. */
class PollingBackoffTest {

  /** Fails the first {@code failures} polls, then returns one event and cursor "c<n>". */
  private static final class Flaky implements PollingSource {
    final List<Long> calls = new CopyOnWriteArrayList<>();
    final List<String> cursorsSeen = new CopyOnWriteArrayList<>();
    final AtomicInteger n = new AtomicInteger();
    private final int failures;
    private final Duration interval;

    Flaky(int failures, Duration interval) {
      this.failures = failures;
      this.interval = interval;
    }

    @Override
    public Duration interval() {
      return interval;
    }

    @Override
    public Duration maxBackoff() {
      return interval.multipliedBy(8);
    }

    @Override
    public PollResult poll(ConnectorContext context, @Nullable String cursor) {
      calls.add(System.nanoTime());
      cursorsSeen.add(String.valueOf(cursor));
      int call = n.incrementAndGet();
      if (call <= failures) {
        throw ProviderException.transientFailure("upstream_down", "down", null);
      }
      return new PollResult(List.of(EngineHarness.json("{\"n\":" + call + "}")), "c" + call, List.of());
    }
  }

  private static ConnectorType type(PollingSource source) {
    return TestTypes.type("poller", TestTypes.echo((ctx, in) -> io.cynodeai.connector.spi.HandlerResult.of(in)))
        .polling(source).build();
  }

  @Test
  @Tag("REQ-INBOUND-008")
  void theBackoffIsExponentialFromTheIntervalAndCapped() {
    Flaky source = new Flaky(0, Duration.ofSeconds(10));
    assertThat(source.retryDelay(0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(source.retryDelay(1)).isEqualTo(Duration.ofSeconds(20));
    assertThat(source.retryDelay(2)).isEqualTo(Duration.ofSeconds(40));
    assertThat(source.retryDelay(3)).isEqualTo(Duration.ofSeconds(80));
    assertThat(source.retryDelay(4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(source.retryDelay(50)).isEqualTo(Duration.ofSeconds(80));
  }

  @Test
  @Tag("REQ-INBOUND-008")
  void theSchedulerWaitsLongerAfterEachFailedPoll() throws Exception {
    Flaky source = new Flaky(3, Duration.ofMillis(40));
    List<PolledEvents> delivered = new CopyOnWriteArrayList<>();
    try (EngineHarness h = new EngineHarness(type(source), b -> b.polling(delivered::add))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (delivered.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    List<Long> gapsMs = new ArrayList<>();
    for (int i = 1; i < 4; i++) {
      gapsMs.add((source.calls.get(i) - source.calls.get(i - 1)) / 1_000_000);
    }
    // After 1, 2, 3 failures: 80, 160, 320 ms (the cap); each gap at least that (a little timer slack allowed).
    assertThat(gapsMs.get(0)).isGreaterThanOrEqualTo(75);
    assertThat(gapsMs.get(1)).isGreaterThanOrEqualTo(155);
    assertThat(gapsMs.get(2)).isGreaterThanOrEqualTo(315);
    assertThat(delivered).hasSize(1);
  }

  @Test
  @Tag("REQ-INBOUND-009")
  void theCursorMovesOnlyAfterTheSubscriberTookTheEvents() {
    Flaky source = new Flaky(0, Duration.ofHours(1));
    AtomicInteger attempts = new AtomicInteger();
    InMemoryCursorStore cursors = new InMemoryCursorStore();
    try (EngineHarness h = new EngineHarness(type(source), b -> b.cursorStore(cursors).polling(events -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("host queue full");
      }
    }))) {
      // The schedule polls once on its own at start (interval 1 h); wait for that first, failed, delivery.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (attempts.get() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(cursors.get("inst-1", "poll")).isEmpty();

      PollReport retried = h.engine.poll("inst-1", ALICE);

      assertThat(retried.succeeded()).isTrue();
      assertThat(source.cursorsSeen).containsExactly("null", "null");
      assertThat(cursors.get("inst-1", "poll")).contains("c2");
    }
  }
}
