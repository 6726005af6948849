package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.ResponseMetadata;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.DuplicateInstanceException;
import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.StaleResourceVersionException;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.CredentialsSpec;
import io.cynodeai.connector.api.spec.LimitsSpec;
import io.cynodeai.connector.api.spec.PolicySpec;
import io.cynodeai.connector.api.spec.SpecBody;
import io.cynodeai.connector.api.spec.SpecMetadata;
import io.cynodeai.connector.api.spec.SubscriptionSpec;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Stores} implementation must do, run against in-memory, H2 and PostgreSQL stores. Each
 * test uses its own ids, so one store may serve the whole class.
 */
abstract class StoreContract {
  private static final Duration LOCK = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofHours(24);

  /** Every migration version the library ships, oldest first. */
  static final List<Integer> ALL_VERSIONS = Migrations.SCRIPTS.stream().map(Migrations::version).toList();

  abstract Stores stores();

  static ConnectorSpec spec(String name, String uid, String resourceVersion, boolean enabled) {
    return new ConnectorSpec("cynodeai.io/v1alpha1", "Connector", new SpecMetadata(name, OwnerScope.group("ops"),
        "proj-a", Map.of("team", "ops"), uid, resourceVersion), new SpecBody("http", "1", enabled,
        JsonResources.parse("{\"baseUrl\":\"http://x\",\"n\":[1,2]}"),
        new CredentialsSpec.SecretRef("vault", "creds", Map.of("token", "t")),
        new PolicySpec(List.of("get"), List.of("connector.read")), null,
        new LimitsSpec(4, 16, "reject", new LimitsSpec.RateLimitSpec(2.5, 5)),
        List.of(new SubscriptionSpec("new-mail", true))));
  }

  @Test
  @Tag("REQ-DECL-001")
  void specRoundTripsWithItsIdentityAndIsReplacedAndRemovedByName() {
    ConnectorSpec v1 = spec("spec-rt", "uid-1", "1", true);
    stores().specs().put(v1);
    assertThat(stores().specs().find("spec-rt")).contains(v1);
    ConnectorSpec v2 = spec("spec-rt", "uid-1", "2", false);
    stores().specs().put(v2);
    assertThat(stores().specs().find("spec-rt")).contains(v2);
    stores().specs().put(spec("spec-ru", "uid-2", "1", true));
    assertThat(stores().specs().list()).extracting(ConnectorSpec::name).containsSubsequence("spec-rt", "spec-ru");
    stores().specs().remove("spec-rt");
    stores().specs().remove("spec-never");
    assertThat(stores().specs().find("spec-rt")).isEmpty();
    assertThat(stores().specs().list()).extracting(ConnectorSpec::name).contains("spec-ru")
        .doesNotContain("spec-rt");
  }

  static ConnectorInstance instance(String id) {
    Instant now = Instant.parse("2025-01-02T03:04:05.123456789Z");
    return new ConnectorInstance(id, "http", "1.2.0", "1", JsonResources.parse("{\"baseUrl\":\"http://x\",\"n\":[1]}"),
        OwnerScope.group("ops"), "proj-a", InstanceStatus.PROVISIONING, null, null, null, RateLimitPolicy.of(5, 10),
        now, now, null, 0);
  }

  static IdempotencyKey key(String key) {
    return new IdempotencyKey("project:p", "inst", "send", key);
  }

  static Succeeded success(String text) {
    return new Succeeded(new NormalizedResponse(new ResponseMetadata("r", "c", "inst", "http", "1.2.0", "send",
        ExecutionMode.SYNC, 201, 0, 12, Instant.parse("2025-01-02T03:04:05.5Z")),
        JsonResources.parse("{\"text\":\"" + text + "\"}"), List.of(), List.of(), false));
  }

  @Test
  void instanceRoundTripsAndStartsAtResourceVersionOne() {
    ConnectorInstance created = stores().instances().create(instance("rt-1"));
    assertThat(created.resourceVersion()).isEqualTo(1);
    assertThat(stores().instances().find("rt-1")).contains(created);
    assertThat(stores().instances().find("nope")).isEmpty();
    assertThatThrownBy(() -> stores().instances().create(instance("rt-1")))
        .isInstanceOf(DuplicateInstanceException.class);
    assertThat(stores().instances().list()).extracting(ConnectorInstance::id).contains("rt-1");
  }

  @Test
  void replaceIsOptimisticOnTheResourceVersion() {
    ConnectorInstance v1 = stores().instances().create(instance("occ-1"));
    ConnectorInstance v2 = stores().instances().replace(v1.withStatus(InstanceStatus.ACTIVE));
    assertThat(v2.resourceVersion()).isEqualTo(2);
    assertThat(stores().instances().find("occ-1").orElseThrow().status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThatThrownBy(() -> stores().instances().replace(v1.withStatus(InstanceStatus.DISABLED)))
        .isInstanceOf(StaleResourceVersionException.class)
        .hasMessage("connector instance 'occ-1' is at resource version 2, not 1");
  }

  @Test
  void statusUpdatesKeepTheResourceVersionAndNeverLoseEachOther() throws Exception {
    stores().instances().create(instance("st-1"));
    Instant at = Instant.parse("2025-02-03T04:05:06Z");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      writes.add(pool.submit(() -> stores().instances().updateStatus("st-1", StatusUpdate.succeededAt(at))));
      writes.add(pool.submit(() -> stores().instances().updateStatus("st-1",
          StatusUpdate.failed(new InstanceError("boom", "it broke", at)))));
      writes.add(pool.submit(() -> stores().instances().updateStatus("st-1",
          StatusUpdate.status(InstanceStatus.DEGRADED))));
      for (Future<?> w : writes) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    ConnectorInstance now = stores().instances().find("st-1").orElseThrow();
    assertThat(now.resourceVersion()).isEqualTo(1);
    assertThat(now.status()).isEqualTo(InstanceStatus.DEGRADED);
    assertThat(now.lastSuccessAt()).isEqualTo(at);
    assertThat(now.lastError()).isEqualTo(new InstanceError("boom", "it broke", at));
  }

  @Test
  @Tag("REQ-IDEM-003")
  @Tag("REQ-IDEM-004")
  void claimCompleteReplayAndMismatch() {
    IdempotencyStore store = stores().idempotency();
    IdempotencyClaim first = store.claim(key("c-1"), "fp-a", LOCK, TTL);
    assertThat(first).isInstanceOf(IdempotencyClaim.Acquired.class);
    assertThat(store.claim(key("c-1"), "fp-a", LOCK, TTL)).isInstanceOf(IdempotencyClaim.InFlight.class);
    assertThat(store.claim(key("c-1"), "fp-b", LOCK, TTL)).isInstanceOf(IdempotencyClaim.Mismatch.class);
    String token = ((IdempotencyClaim.Acquired) first).token();
    assertThat(store.complete(key("c-1"), "not-the-token", success("x"))).isFalse();
    assertThat(store.complete(key("c-1"), token, success("done"))).isTrue();
    assertThat(store.claim(key("c-1"), "fp-a", LOCK, TTL)).isEqualTo(new IdempotencyClaim.Completed(success("done")));
    assertThat(store.claim(key("c-1"), "fp-b", LOCK, TTL)).isInstanceOf(IdempotencyClaim.Mismatch.class);
  }

  @Test
  @Tag("REQ-TENANT-004")
  void keysOfOtherTenantsInstancesAndOperationsAreIndependent() {
    IdempotencyStore store = stores().idempotency();
    String token = ((IdempotencyClaim.Acquired) store.claim(key("t-1"), "fp", LOCK, TTL)).token();
    store.complete(key("t-1"), token, success("mine"));
    assertThat(store.claim(new IdempotencyKey("project:q", "inst", "send", "t-1"), "fp", LOCK, TTL))
        .isInstanceOf(IdempotencyClaim.Acquired.class);
    assertThat(store.claim(new IdempotencyKey("project:p", "other", "send", "t-1"), "fp", LOCK, TTL))
        .isInstanceOf(IdempotencyClaim.Acquired.class);
    assertThat(store.claim(new IdempotencyKey("project:p", "inst", "get", "t-1"), "fp", LOCK, TTL))
        .isInstanceOf(IdempotencyClaim.Acquired.class);
  }

  @Test
  void releasedKeyCanBeClaimedAgainAndFailuresAreStoredToo() {
    IdempotencyStore store = stores().idempotency();
    String token = ((IdempotencyClaim.Acquired) store.claim(key("r-1"), "fp", LOCK, TTL)).token();
    store.release(key("r-1"), token);
    String again = ((IdempotencyClaim.Acquired) store.claim(key("r-1"), "fp", LOCK, TTL)).token();
    Failed permanent = new Failed(FailureClass.PERMANENT, "provider_status_422", "no", false, 422, null, List.of());
    store.complete(key("r-1"), again, permanent);
    store.release(key("r-1"), again);
    assertThat(store.claim(key("r-1"), "fp", LOCK, TTL)).isEqualTo(new IdempotencyClaim.Completed(permanent));
  }

  @Test
  @Tag("REQ-IDEM-002")
  void expiredRecordsAreFreeAgainAndPurged() throws Exception {
    IdempotencyStore store = stores().idempotency();
    String token = ((IdempotencyClaim.Acquired) store.claim(key("e-1"), "fp", LOCK, Duration.ofMillis(50)))
        .token();
    store.complete(key("e-1"), token, success("old"));
    Thread.sleep(120);
    assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
    assertThat(store.claim(key("e-1"), "fp-new", LOCK, TTL)).isInstanceOf(IdempotencyClaim.Acquired.class);
    String t2 = ((IdempotencyClaim.Acquired) store.claim(key("e-2"), "fp", LOCK, Duration.ofMillis(50))).token();
    store.complete(key("e-2"), t2, success("old"));
    Thread.sleep(120);
    assertThat(store.claim(key("e-2"), "fp", LOCK, TTL))
        .as("an expired record is absent even before it is purged").isInstanceOf(IdempotencyClaim.Acquired.class);
  }

  @Test
  void abandonedInFlightKeyIsTakenOverOnceItsLockRunsOut() throws Exception {
    IdempotencyStore store = stores().idempotency();
    String dead = ((IdempotencyClaim.Acquired) store.claim(key("a-1"), "fp", Duration.ofMillis(50), TTL)).token();
    assertThat(store.claim(key("a-1"), "fp", LOCK, TTL)).isInstanceOf(IdempotencyClaim.InFlight.class);
    Thread.sleep(120);
    IdempotencyClaim taken = store.claim(key("a-1"), "fp", LOCK, TTL);
    assertThat(taken).isInstanceOf(IdempotencyClaim.Acquired.class);
    assertThat(store.complete(key("a-1"), dead, success("late"))).as("the dead caller's token is void").isFalse();
    assertThat(store.complete(key("a-1"), ((IdempotencyClaim.Acquired) taken).token(), success("new"))).isTrue();
  }

  @Test
  @Tag("REQ-IDEM-003")
  void ofManyConcurrentClaimsExactlyOneAcquires() throws Exception {
    IdempotencyStore store = stores().idempotency();
    int n = 32;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<IdempotencyClaim>> claims = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<IdempotencyClaim> claim = () -> {
          start.await();
          return store.claim(key("race-1"), "fp", LOCK, TTL);
        };
        claims.add(pool.submit(claim));
      }
      start.countDown();
      int acquired = 0;
      for (Future<IdempotencyClaim> f : claims) {
        IdempotencyClaim c = f.get();
        if (c instanceof IdempotencyClaim.Acquired) {
          acquired++;
        } else {
          assertThat(c).isInstanceOf(IdempotencyClaim.InFlight.class);
        }
      }
      assertThat(acquired).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cursorsArePutReadAndDeletedPerInstance() {
    stores().cursors().put("cur-1", "inbox", "42");
    stores().cursors().put("cur-1", "inbox", "43");
    stores().cursors().put("cur-1", "sent", "7");
    assertThat(stores().cursors().get("cur-1", "inbox")).contains("43");
    stores().cursors().deleteAll("cur-1");
    assertThat(stores().cursors().get("cur-1", "inbox")).isEmpty();
    assertThat(stores().cursors().get("cur-1", "sent")).isEmpty();
  }

  @Test
  void aPollLeaseHasOneHolderUntilItIsReleasedOrExpires() throws Exception {
    var cursors = stores().cursors();
    Duration minute = Duration.ofMinutes(1);
    assertThat(cursors.tryLease("lease-1", "node-a", minute)).isTrue();
    assertThat(cursors.tryLease("lease-1", "node-b", minute)).isFalse();
    assertThat(cursors.tryLease("lease-1", "node-a", minute)).as("renewed by its holder").isTrue();
    assertThat(cursors.tryLease("lease-2", "node-b", minute)).as("another instance").isTrue();
    cursors.releaseLease("lease-1", "node-b"); // not the holder: no effect
    assertThat(cursors.tryLease("lease-1", "node-b", minute)).isFalse();
    cursors.releaseLease("lease-1", "node-a");
    assertThat(cursors.tryLease("lease-1", "node-b", Duration.ofMillis(1))).isTrue();
    Thread.sleep(30);
    assertThat(cursors.tryLease("lease-1", "node-a", minute)).as("node-b's lease expired").isTrue();
    cursors.deleteAll("lease-1");
    assertThat(cursors.tryLease("lease-1", "node-b", minute)).as("uninstall forgets the lease").isTrue();
  }

  @Test
  void nodesRacingForOneLeaseGetOneWinner() throws Exception {
    int nodes = 8;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        String holder = "node-" + i;
        tries.add(pool.submit(() -> {
          go.await();
          return stores().cursors().tryLease("contended", holder, Duration.ofMinutes(1));
        }));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : tries) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  static Outcome unused() {
    return success("unused");
  }

  /**
   * Workers claiming at once never claim one job twice: every job is claimed exactly once, even when a
   * candidate a worker read was claimed and committed by another worker in between.
   */
  @Test
  void concurrentClaimersClaimEveryJobExactlyOnce() throws Exception {
    io.cynodeai.connector.api.store.JobStore jobs = stores().jobs();
    String prefix = "race-" + java.util.UUID.randomUUID() + "-";
    int count = 200;
    for (int i = 0; i < count; i++) {
      jobs.submit(new io.cynodeai.connector.api.job.NewJob(prefix + i, "user:race", "inst", "op", null,
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), 3));
    }
    java.util.Map<String, Integer> claims = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String node = "node-" + w;
        done.add(workers.submit(() -> {
          long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
          int empty = 0;
          while (empty < 20 && System.nanoTime() < until) {
            var got = jobs.claim(node, 1, Duration.ofMinutes(5));
            got.stream().filter(j -> j.jobId().startsWith(prefix)).forEach(j -> claims.merge(j.jobId(), 1,
                Integer::sum));
            empty = got.isEmpty() ? empty + 1 : 0;
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      workers.shutdownNow();
    }
    assertThat(claims).hasSize(count);
    assertThat(claims.values()).as("no job claimed twice").containsOnly(1);
  }
}
