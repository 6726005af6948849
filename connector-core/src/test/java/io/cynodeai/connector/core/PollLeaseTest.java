package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.core.store.InMemoryCursorStore;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

  /** A shared cursor store that counts the lease requests, refusals and releases of both nodes. */
  private static final class LeaseCountingStore implements CursorStore {
    final InMemoryCursorStore store = new InMemoryCursorStore();
    final AtomicInteger asked = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    @Override
    public Optional<String> get(String instanceId, String name) {
      return store.get(instanceId, name);
    }

    @Override
    public void put(String instanceId, String name, String value) {
      store.put(instanceId, name, value);
    }

    @Override
    public void deleteAll(String instanceId) {
      store.deleteAll(instanceId);
    }

    @Override
    public boolean tryLease(String instanceId, String holder, Duration ttl) {
      boolean granted = store.tryLease(instanceId, holder, ttl);
      if (!granted) {
        refused.incrementAndGet();
      }
      asked.incrementAndGet();
      return granted;
    }

    @Override
    public void releaseLease(String instanceId, String holder) {
      store.releaseLease(instanceId, holder);
      released.incrementAndGet();
    }
  }

  private static ConnectorType type(PollingSource source) {
    return TestTypes.type("poller", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).polling(source).build();
  }

  @Test
  @Tag("REQ-INBOUND-009")
  void nodesSharingAStorePollAnInstanceOneAtATimeAndDeliverItsEventsOnce() throws Exception {
    LeaseCountingStore shared = new LeaseCountingStore();
    Mailbox first = new Mailbox();
    Mailbox second = new Mailbox();
    try (EngineHarness a = new EngineHarness(type(first), b -> b.cursorStore(shared).polling(delivered::add));
        EngineHarness b = new EngineHarness(type(second), x -> x.cursorStore(shared).polling(delivered::add))) {
      Await.until("both nodes' start-up polls to ask for the lease", () -> shared.asked.get() >= 2);
      assertThat(shared.refused).as("the other node was refused the lease").hasValue(1);
      // the lease holder's poll starts on a handler thread after its admission checks: wait for it, then the
      // count shows the refused node never polled
      Await.until("the lease holder's poll to start", () -> polls.get() >= 1);
      assertThat(polls.get()).as("and skipped the instance").isEqualTo(1);
      EngineHarness idle = first.mine.get() == 1 ? b : a;

      PollReport busy = idle.engine.poll("inst-1", ALICE);
      assertThat(busy.succeeded()).isFalse();
      assertThat(busy.errorCode()).isEqualTo("poll_busy");
      assertThat(busy.message()).contains("another engine node");
      assertThat(polls.get()).isEqualTo(1);

      int leasesBefore = shared.released.get();
      release.countDown();
      Await.until("the events to be delivered and the lease released", () -> !delivered.isEmpty()
          && shared.released.get() > leasesBefore);
      PollReport after = idle.engine.poll("inst-1", ALICE);
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
