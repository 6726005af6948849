package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.core.store.InMemoryCursorStore;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  /**
   * The engine's clock, moved by the test. It counts the times the poller thread reads it in milliseconds: the
   * schedule reads it once per round for each instance it judges, so the count shows that rounds have run.
   */
  private static final class PollerClock extends Clock {
    final AtomicInteger pollerReads = new AtomicInteger();
    private volatile long millis = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    void advance(long ms) {
      millis += ms;
    }

    @Override
    public long millis() {
      if (Thread.currentThread().getName().equals("connector-poller")) {
        pollerReads.incrementAndGet();
      }
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    /** Returns after the schedule has judged its instance at least once on the current time. */
    void awaitRound() throws InterruptedException {
      int seen = pollerReads.get();
      Await.until("a poll schedule round", () -> pollerReads.get() >= seen + 2);
    }
  }

  @Test
  @Tag("REQ-INBOUND-007")
  @Tag("REQ-INBOUND-008")
  void pollsComeAnIntervalApartAndBackOffAfterFailuresOnTheEnginesClock() throws Exception {
    long interval = 50;
    PollerClock clock = new PollerClock();
    List<Long> polledAt = new CopyOnWriteArrayList<>();
    AtomicInteger n = new AtomicInteger();
    PollingSource source = new PollingSource() {
      @Override
      public Duration interval() {
        return Duration.ofMillis(interval);
      }

      @Override
      public PollResult poll(ConnectorContext context, @Nullable String cursor) {
        polledAt.add(clock.instant().toEpochMilli());
        int call = n.incrementAndGet();
        if (call == 2 || call == 3) {
          throw ProviderException.transientFailure("upstream_down", "down", null);
        }
        return new PollResult(List.of(), "c" + call, List.of());
      }
    };
    try (EngineHarness h = new EngineHarness(type(source), b -> b.clock(clock).polling(events -> { }))) {
      Await.until("the start-up poll", () -> polledAt.size() == 1);
      long t = polledAt.get(0);
      // After a success the next poll is one interval later; after 1 and 2 failures, 2 and 4 intervals later;
      // after a success again, one interval.
      for (long gap : List.of(interval, 2 * interval, 4 * interval, interval)) {
        int polls = polledAt.size();
        clock.awaitRound();
        clock.advance(gap - 1);
        clock.awaitRound();
        assertThat(polledAt).as("no poll before %d ms", gap).hasSize(polls);
        clock.advance(1);
        Await.until("the poll " + gap + " ms later", () -> polledAt.size() == polls + 1);
        assertThat(polledAt.get(polls) - t).isEqualTo(gap);
        t = polledAt.get(polls);
      }
    }
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
