package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.core.store.InMemoryIdempotencyStore;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private static final String INPUT = "{\"text\":\"hi\",\"count\":1}";

  /** A mutating, idempotency-supporting echo that counts its runs. */
  private static ConnectorType counting(AtomicInteger runs, OperationHandler after) {
    return TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
      runs.incrementAndGet();
      return after.handle(ctx, in);
    }).mutating(true).supportsIdempotency(true)).build();
  }

  private static ConnectorType counting(AtomicInteger runs) {
    return counting(runs, (ctx, in) -> HandlerResult.of(in));
  }

  private static InvocationRequest keyed(String key, String input, Caller caller) {
    return InvocationRequest.of("inst-1", "echo", json(input), caller).withIdempotencyKey(key);
  }

  private static EngineHarness harness(ConnectorType type, Consumer<EngineBuilder> customize) {
    return new EngineHarness(type, customize);
  }

  @Test
  @Tag("REQ-IDEM-003")
  @Tag("REQ-IDEM-004")
  void duplicateKeyReturnsOriginalOutcomeWithoutRunningAgain() {
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(counting(runs))) {
      Outcome first = h.engine.invoke(keyed("k-1", INPUT, ALICE));
      Outcome second = h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(first).isInstanceOf(Succeeded.class);
      NormalizedResponse original = ((Succeeded) first).response();
      NormalizedResponse replayed = ((Succeeded) second).response();
      assertThat(original.metadata().replay()).isFalse();
      assertThat(replayed.metadata()).as("the original call's metadata, marked as a replay")
          .isEqualTo(original.metadata().asReplay());
      assertThat(replayed.data()).isEqualTo(original.data());
      assertThat(runs).hasValue(1);
      List<AuditEvent> invocations = h.audit.events(e -> e.action().equals("connector.operation.invoke"));
      assertThat(invocations).extracting(AuditEvent::replay).containsExactly(false, true);
      assertThat(invocations.get(1).details()).containsEntry("idempotency", "replayed");
      assertThat(invocations.get(1).outcome()).isEqualTo("succeeded");
    }
  }

  @Test
  @Tag("REQ-IDEM-003")
  void sameInputWithMembersReorderedIsTheSameCall() {
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(counting(runs))) {
      h.engine.invoke(keyed("k-1", "{\"text\":\"hi\",\"count\":1}", ALICE));
      Outcome replay = h.engine.invoke(keyed("k-1", "{ \"count\": 1, \"text\": \"hi\" }", ALICE));
      assertThat(replay).isInstanceOf(Succeeded.class);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  @Tag("REQ-IDEM-003")
  void sameKeyWithDifferentInputIsAValidationError() {
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(counting(runs))) {
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      Failed f = (Failed) h.engine.invoke(keyed("k-1", "{\"text\":\"other\"}", ALICE));
      assertThat(f.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(f.code()).isEqualTo("idempotency_key_reused");
      assertThat(f.message()).isEqualTo("idempotency key reused with different input");
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  @Tag("REQ-TENANT-004")
  void keyIsScopedToTheCallersTenant() {
    AtomicInteger runs = new AtomicInteger();
    // proj-m is granted invoke on proj-a's instances, so only the key's tenant scope keeps the results apart.
    try (EngineHarness h = new EngineHarness(counting(runs), b -> b.tenancy(TenancyRules.strict()
        .withGrant("proj-m", "proj-a", Action.OPERATION_INVOKE)))) {
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      Caller mallory = Caller.user("mallory", "proj-m");
      Outcome theirs = h.engine.invoke(keyed("k-1", INPUT, mallory));
      assertThat(theirs).isInstanceOf(Succeeded.class);
      assertThat(runs).as("another tenant's key never replays alice's result").hasValue(2);
      assertThat(h.audit.last().replay()).isFalse();
    }
  }

  @Test
  @Tag("REQ-IDEM-001")
  void mutatingCallWithoutAKeyIsRefused() {
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(counting(runs))) {
      Failed f = (Failed) h.invoke("echo", INPUT);
      assertThat(f.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(f.code()).isEqualTo("idempotency_key_required");
      assertThat(f.message()).isEqualTo("operation 'echo' changes state and supports idempotency: call it with an "
          + "idempotency key");
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  @Tag("REQ-IDEM-001")
  void readOnlyCallRunsWithoutAKeyAndIsDeduplicatedWithOne() {
    AtomicInteger runs = new AtomicInteger();
    ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
      runs.incrementAndGet();
      return HandlerResult.of(in);
    })).build();
    try (EngineHarness h = new EngineHarness(type)) {
      assertThat(h.invoke("echo", INPUT)).isInstanceOf(Succeeded.class);
      h.engine.invoke(keyed("k", INPUT, ALICE));
      h.engine.invoke(keyed("k", INPUT, ALICE));
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  @Tag("REQ-IDEM-003")
  void duplicateWhileTheFirstIsInFlightIsRejectedWhenConfigured() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConnectorType type = counting(runs, (ctx, in) -> {
      entered.countDown();
      release.await(10, TimeUnit.SECONDS);
      return HandlerResult.of(in);
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (EngineHarness h = harness(type,
        b -> b.idempotency(i -> i.withInFlight(InFlightDuplicates.REJECT)))) {
      Future<Outcome> first = pool.submit(() -> h.engine.invoke(keyed("k-1", INPUT, ALICE)));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Failed dup = (Failed) h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(dup.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(dup.code()).isEqualTo("idempotency_in_flight");
      assertThat(dup.retryable()).isTrue();
      release.countDown();
      Outcome original = first.get(10, TimeUnit.SECONDS);
      Outcome again = h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(Replays.marked(again)).isTrue();
      assertThat(Replays.unmarked(again)).isEqualTo(original);
      assertThat(runs).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Tag("REQ-IDEM-003")
  @Tag("REQ-IDEM-004")
  void concurrentDuplicatesWaitForTheFirstOutcomeByDefault() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ConnectorType type = counting(runs, (ctx, in) -> {
      Thread.sleep(200); // the first call runs long enough for its duplicates to arrive while it runs
      return HandlerResult.of(in);
    });
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (EngineHarness h = new EngineHarness(type)) {
      List<Future<Outcome>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(pool.submit(() -> h.engine.invoke(keyed("k-1", INPUT, ALICE))));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> call : calls) {
        outcomes.add(call.get(20, TimeUnit.SECONDS));
      }
      assertThat(runs).hasValue(1);
      assertThat(outcomes).allSatisfy(o -> assertThat(Replays.unmarked(o)).isEqualTo(Replays.unmarked(outcomes.get(0))));
      assertThat(outcomes).filteredOn(Replays::marked).hasSize(outcomes.size() - 1);
      assertThat(outcomes.get(0)).isInstanceOf(Succeeded.class);
      assertThat(h.audit.events(AuditEvent::replay)).hasSize(15);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Tag("REQ-IDEM-003")
  void transientFailureReleasesTheKeySoARetryRuns() {
    AtomicInteger runs = new AtomicInteger();
    ConnectorType type = counting(runs, (ctx, in) -> {
      if (runs.get() == 1) {
        throw ProviderException.status(503, "unavailable");
      }
      return HandlerResult.of(in);
    });
    try (EngineHarness h = new EngineHarness(type)) {
      Failed first = (Failed) h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(first.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(h.engine.invoke(keyed("k-1", INPUT, ALICE))).isInstanceOf(Succeeded.class);
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  @Tag("REQ-IDEM-004")
  void permanentFailureIsStoredAndReplayed() {
    AtomicInteger runs = new AtomicInteger();
    ConnectorType type = counting(runs, (ctx, in) -> {
      throw ProviderException.status(422, "rejected by the provider");
    });
    try (EngineHarness h = new EngineHarness(type)) {
      Failed first = (Failed) h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(first.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(h.engine.invoke(keyed("k-1", INPUT, ALICE))).isEqualTo(first);
      assertThat(runs).hasValue(1);
      assertThat(h.audit.last().replay()).isTrue();
      assertThat(h.audit.last().outcome()).isEqualTo("permanent");
    }
  }

  @Test
  @Tag("REQ-IDEM-002")
  void recordsLiveForTheConfiguredTtlAndAreThenPurged() {
    AtomicInteger runs = new AtomicInteger();
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock);
    try (EngineHarness h = harness(counting(runs),
        b -> b.idempotencyStore(store)
        .idempotency(i -> i.withTtl(Duration.ofHours(1))))) {
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      clock.advance(Duration.ofMinutes(59));
      assertThat(h.engine.invoke(keyed("k-1", INPUT, ALICE))).isInstanceOf(Succeeded.class);
      assertThat(runs).as("replayed within the TTL").hasValue(1);
      clock.advance(Duration.ofMinutes(2));
      assertThat(store.purgeExpired()).isEqualTo(1);
      assertThat(store.size()).isZero();
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(runs).as("runs again once the record expired").hasValue(2);
    }
  }

  @Test
  @Tag("REQ-IDEM-002")
  void defaultTtlIsOneDay() {
    AtomicInteger runs = new AtomicInteger();
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    try (EngineHarness h = harness(counting(runs), b -> b.idempotencyStore(new InMemoryIdempotencyStore(clock)))) {
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      clock.advance(Duration.ofHours(24).minusSeconds(1));
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(runs).hasValue(1);
      clock.advance(Duration.ofSeconds(1));
      h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void failingStoreIsATransientFailureAndTheCallDoesNotRun() {
    AtomicInteger runs = new AtomicInteger();
    IdempotencyStore broken = new IdempotencyStore() {
      @Override
      public IdempotencyClaim claim(IdempotencyKey key, String fingerprint, Duration lockFor, Duration ttl) {
        throw new IllegalStateException("database is down");
      }

      @Override
      public boolean complete(IdempotencyKey key, String token, Outcome outcome) {
        return false;
      }

      @Override
      public void release(IdempotencyKey key, String token) {}

      @Override
      public int purgeExpired() {
        return 0;
      }
    };
    try (EngineHarness h = harness(counting(runs), b -> b.idempotencyStore(broken))) {
      Failed f = (Failed) h.engine.invoke(keyed("k-1", INPUT, ALICE));
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.code()).isEqualTo("idempotency_store_unavailable");
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void overlongKeyIsRefused() {
    AtomicInteger runs = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(counting(runs))) {
      Failed f = (Failed) h.engine.invoke(keyed("k".repeat(256), INPUT, ALICE));
      assertThat(f.code()).isEqualTo("invalid_idempotency_key");
      assertThat(runs).hasValue(0);
    }
  }
}
