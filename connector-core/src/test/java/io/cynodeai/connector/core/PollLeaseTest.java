package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.core.store.InMemoryCursorStore;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two engine nodes sharing one cursor store (as two nodes share one database) poll an instance one at a time,
 * so its events reach the host once; uninstalling the instance forgets its cursor.
 */
class PollLeaseTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger polls = new AtomicInteger();
  private final List<PolledEvents> delivered = new CopyOnWriteArrayList<>();

  /** One node's view of the mailbox: one event while there is no cursor; the first poll blocks until released. */
  private final class Mailbox implements PollingSource {
    final AtomicInteger mine = new AtomicInteger();

    @Override
    public Duration interval() {
      return Duration.ofHours(1);
    }

    @Override
    public PollResult poll(ConnectorContext context, @Nullable String cursor) throws InterruptedException {
      mine.incrementAndGet();
      if (polls.incrementAndGet() == 1) {
        release.await(10, TimeUnit.SECONDS);
      }
      return cursor == null ? new PollResult(List.of(EngineHarness.json("{\"n\":1}")), "c1", List.of())
          : new PollResult(List.of(), cursor, List.of());
    }
  }

  private static ConnectorType type(PollingSource source) {
    return TestTypes.type("poller", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).polling(source).build();
  }

  @Test
  @Tag("REQ-INBOUND-009")
  void nodesSharingAStorePollAnInstanceOneAtATimeAndDeliverItsEventsOnce() throws Exception {
    InMemoryCursorStore shared = new InMemoryCursorStore();
    Mailbox first = new Mailbox();
    Mailbox second = new Mailbox();
    try (EngineHarness a = new EngineHarness(type(first), b -> b.cursorStore(shared).polling(delivered::add));
        EngineHarness b = new EngineHarness(type(second), x -> x.cursorStore(shared).polling(delivered::add))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (polls.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(300); // both schedulers have had their start-up poll by now; one of them is blocked in it
      assertThat(polls.get()).as("the other node skipped the instance").isEqualTo(1);
      EngineHarness idle = first.mine.get() == 1 ? b : a;

      PollReport busy = idle.engine.poll("inst-1", ALICE);
      assertThat(busy.succeeded()).isFalse();
      assertThat(busy.errorCode()).isEqualTo("poll_busy");
      assertThat(busy.message()).contains("another engine node");
      assertThat(polls.get()).isEqualTo(1);

      release.countDown();
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (delivered.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      PollReport after = idle.engine.poll("inst-1", ALICE);
      while ("poll_busy".equals(after.errorCode()) && System.nanoTime() < deadline) {
        Thread.sleep(5); // the other node delivered and is storing its cursor; its lease ends right after
        after = idle.engine.poll("inst-1", ALICE);
      }
      assertThat(after.succeeded()).as("the lease was released").isTrue();
      assertThat(after.delivered()).isZero();
      assertThat(delivered).hasSize(1);
      assertThat(shared.get("inst-1", "poll")).contains("c1");

      assertThat(a.engine.instances().uninstall("inst-1", ALICE))
          .isInstanceOf(io.cynodeai.connector.api.instance.LifecycleOutcome.Applied.class);
      assertThat(shared.get("inst-1", "poll")).as("uninstall forgets the cursor").isEmpty();
    }
  }
}
