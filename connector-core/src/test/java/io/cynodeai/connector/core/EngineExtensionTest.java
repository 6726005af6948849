package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.core.extension.EngineExtension;
import io.cynodeai.connector.core.extension.ExtensionContext;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.spi.HandlerResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Optional modules plug in through {@link EngineExtension}: audit taps, observers, scheduled work, resources. */
class EngineExtensionTest {

  private static EngineExtension extension(String name, Consumer<ExtensionContext> body) {
    return new EngineExtension() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void extend(ExtensionContext context) {
        body.accept(context);
      }
    };
  }

  private static EngineHarness harness(Consumer<EngineBuilder> customize) {
    return new EngineHarness(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build(),
        customize);
  }

  @Test
  void aTapSeesEveryEventBeforeTheHostsSinkInTheOrderTheExtensionsWereAdded() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (EngineHarness h = harness(b -> b.auditSink(e -> seen.add("host " + e.action()))
        .extension(extension("first", c -> c.tapAudit(e -> seen.add("first " + e.action()))))
        .extension(extension("second", c -> c.tapAudit(e -> seen.add("second " + e.action())))))) {
      seen.clear();
      assertThat(h.invoke("echo", "{\"text\":\"hi\"}")).isInstanceOf(Succeeded.class);
      assertThat(seen).containsExactly("first connector.operation.invoke", "second connector.operation.invoke",
          "host connector.operation.invoke");
    }
  }

  @Test
  void aTapThatThrowsKeepsNoEventFromTheHostsSink() {
    try (EngineHarness h = harness(b -> b.extension(extension("broken", c -> c.tapAudit(e -> {
      throw new IllegalStateException("tap down");
    }))))) {
      h.audit.clear();
      assertThat(h.invoke("echo", "{\"text\":\"hi\"}")).isInstanceOf(Succeeded.class);
      assertThat(h.audit.events(e -> e.type() == AuditEventType.INVOCATION)).hasSize(1);
    }
  }

  @Test
  void anExtensionsObserverWatchesAlongsideTheHostsObserver() {
    EngineObserverTest.Recording host = new EngineObserverTest.Recording();
    EngineObserverTest.Recording added = new EngineObserverTest.Recording();
    try (EngineHarness h = harness(b -> b.observer(host).extension(extension("tracer", c -> c.observer(added))))) {
      h.invoke("echo", "{\"text\":\"hi\"}");
      List<String> expected = List.of("invoke echo", "attempt 1", "end attempt 1 ok status=null retries=0",
          "end invoke ok status=null retries=0");
      assertThat(host.lines).containsExactlyElementsOf(expected);
      assertThat(added.lines).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void combiningLeavesOutTheObserversThatObserveNothing() {
    EngineObserver one = new EngineObserverTest.Recording();
    assertThat(EngineObserver.all(List.of(EngineObserver.none(), one))).isSameAs(one);
    assertThat(EngineObserver.all(List.of(EngineObserver.none()))).isSameAs(EngineObserver.none());
  }

  @Test
  void scheduledWorkRunsOnTheMaintenanceThreadAndResourcesCloseWithTheEngine() throws Exception {
    CountDownLatch ran = new CountDownLatch(2);
    AtomicReference<Thread> worker = new AtomicReference<>();
    List<String> closed = new CopyOnWriteArrayList<>();
    EngineHarness h = harness(b -> b.extension(extension("housekeeping", c -> {
      c.every(Duration.ofMillis(5), "count", () -> {
        worker.set(Thread.currentThread());
        ran.countDown();
      });
      c.closeWithEngine(() -> closed.add("first"));
      c.closeWithEngine(() -> {
        closed.add("second");
        throw new IllegalStateException("already closed");
      });
    })));
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.get().getName()).isEqualTo("connector-maintenance");
    assertThat(closed).isEmpty();

    h.close();

    assertThat(closed).as("the last registered first, a failure stops none").containsExactly("second", "first");
    worker.get().join(TimeUnit.SECONDS.toMillis(10));
    assertThat(worker.get().isAlive()).as("the scheduled work stopped").isFalse();
  }

  @Test
  void theSameExtensionTwiceOrTwoOfOneNameAreRefused() {
    EngineExtension metrics = extension("metrics", c -> { });
    EngineBuilder builder = ConnectorEngines.builder().extension(metrics);
    assertThatThrownBy(() -> builder.extension(metrics)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engine extension 'metrics' was added already");
    assertThatThrownBy(() -> builder.extension(extension("metrics", c -> { })))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("engine extension 'metrics' was added already");
  }

  @Test
  void anExtensionThatFailsFailsTheBuildNamingIt() {
    EngineBuilder builder = ConnectorEngines.builder().extension(extension("webhooks", c -> {
      throw new IllegalStateException("no key management service");
    }));
    assertThatThrownBy(builder::build).isInstanceOf(ConnectorException.class)
        .hasMessage("engine extension 'webhooks' failed: java.lang.IllegalStateException: no key management "
            + "service")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedBuildClosesWhatTheExtensionsBeforeItOpened() {
    List<String> closed = new CopyOnWriteArrayList<>();
    EngineBuilder builder = ConnectorEngines.builder()
        .extension(extension("pool", c -> c.closeWithEngine(() -> closed.add("pool"))))
        .extension(extension("exporter", c -> c.closeWithEngine(() -> closed.add("exporter"))))
        .extension(extension("broken", c -> {
          throw new IllegalStateException("no endpoint configured");
        }));

    assertThatThrownBy(builder::build).isInstanceOf(ConnectorException.class).hasMessageContaining("'broken'");
    assertThat(closed).containsExactly("exporter", "pool");
  }

  @Test
  void theContextTakesNothingAfterExtendReturnedAndChecksWhatItIsGiven() {
    List<ExtensionContext> kept = new ArrayList<>();
    List<Throwable> refused = new ArrayList<>();
    try (EngineHarness h = harness(b -> b.extension(extension("late", c -> {
      kept.add(c);
      for (Runnable bad : List.<Runnable>of(() -> c.every(Duration.ZERO, "x", () -> { }),
          () -> c.tapAudit(null))) {
        try {
          bad.run();
        } catch (RuntimeException e) {
          refused.add(e);
        }
      }
    })))) {
      assertThat(refused).extracting(Throwable::getMessage).containsExactly("period must be positive", "tap");
      assertThatThrownBy(() -> kept.get(0).tapAudit(e -> { })).isInstanceOf(IllegalStateException.class)
          .hasMessage("an extension context is valid only while its extend(..) runs");
      assertThat(kept.get(0).clock()).isNotNull();
    }
  }
}
