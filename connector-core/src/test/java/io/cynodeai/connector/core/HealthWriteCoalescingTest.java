package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A busy instance's {@code last_success_at} is written at most once a second per node, so calls do not queue
 * on the instance's row; failures are always written, and the success after a failure is written at once.
 */
class HealthWriteCoalescingTest {
  private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
  private final MutableClock clock = new MutableClock(START);
  private final CountingStore store = new CountingStore();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final ConnectorEngine engine = ConnectorEngines.builder()
      .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
        if (failing.get()) {
          throw ProviderException.transientFailure("down", "the provider is down", null);
        }
        return HandlerResult.of(in);
      }).maxTimeout(Duration.ofSeconds(5))).build())
      .instanceStore(store).policy(PolicyEngine.allowAll()).clock(clock).auditSink(e -> {})
      .limits(l -> l.withRetryCap(0, 0.1, 1)).build();

  /** An in-memory store that counts health writes. */
  private static final class CountingStore implements InstanceStore {
    final InMemoryInstanceStore delegate = new InMemoryInstanceStore();
    final AtomicInteger successWrites = new AtomicInteger();
    final AtomicInteger errorWrites = new AtomicInteger();

    @Override
    public Optional<ConnectorInstance> find(String instanceId) {
      return delegate.find(instanceId);
    }

    @Override
    public List<ConnectorInstance> list() {
      return delegate.list();
    }

    @Override
    public ConnectorInstance create(ConnectorInstance instance) {
      return delegate.create(instance);
    }

    @Override
    public ConnectorInstance replace(ConnectorInstance instance) {
      return delegate.replace(instance);
    }

    @Override
    public void updateStatus(String instanceId, StatusUpdate update) {
      if (update.lastSuccessAt() != null) {
        successWrites.incrementAndGet();
      }
      if (update.lastError() != null) {
        errorWrites.incrementAndGet();
      }
      delegate.updateStatus(instanceId, update);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Object call() {
    return engine.invoke(InvocationRequest.of("i1", "echo", EngineHarness.json("{\"text\":\"x\"}"),
        EngineHarness.ALICE));
  }

  @Test
  @Tag("REQ-DATA-002")
  void successesAreWrittenOncePerSecondAndFailuresAlways() {
    assertThat(engine.instances().install(InstanceDefinition.builder("i1", "echo")
        .config(EngineHarness.json("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a")
        .build(), EngineHarness.ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable("i1", EngineHarness.ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    int before = store.successWrites.get();

    for (int i = 0; i < 50; i++) {
      assertThat(call()).isInstanceOf(Succeeded.class);
    }
    assertThat(store.successWrites.get() - before).as("50 calls in the same second").isEqualTo(1);
    assertThat(store.find("i1").orElseThrow().lastSuccessAt()).isEqualTo(START);

    clock.advance(Duration.ofMillis(999));
    call();
    assertThat(store.successWrites.get() - before).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    call();
    assertThat(store.successWrites.get() - before).as("a second later").isEqualTo(2);
    assertThat(store.find("i1").orElseThrow().lastSuccessAt()).isEqualTo(START.plusSeconds(1));

    failing.set(true);
    assertThat(call()).isInstanceOf(Failed.class);
    assertThat(call()).isInstanceOf(Failed.class);
    assertThat(store.errorWrites).as("every failure is written").hasValue(2);
    failing.set(false);
    call();
    assertThat(store.successWrites.get() - before).as("the success after a failure, at once").isEqualTo(3);
  }
}
