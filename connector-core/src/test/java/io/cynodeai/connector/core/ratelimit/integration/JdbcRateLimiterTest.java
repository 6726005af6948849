package io.cynodeai.connector.core.ratelimit.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.ratelimit.Admission;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shared-database limiter on H2 and on a real PostgreSQL, and two engine nodes sharing one budget. */
class JdbcRateLimiterTest {
  private static final RateLimitPolicy TEN_PER_SECOND = RateLimitPolicy.of(10, 5);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  private static void bucketsBehaveAsTokenBuckets(JdbcRateLimiter limiter, String key) {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(key, TEN_PER_SECOND, T0)).isEqualTo(Admission.ADMITTED);
    }
    assertThat(limiter.tryAcquire(key, TEN_PER_SECOND, T0)).isEqualTo(new Admission.Limited(Duration.ofMillis(100)));
    assertThat(limiter.tryAcquire(key, TEN_PER_SECOND, T0.plusMillis(100))).isEqualTo(Admission.ADMITTED);
    limiter.refund(key, TEN_PER_SECOND);
    assertThat(limiter.tryAcquire(key, TEN_PER_SECOND, T0.plusMillis(100))).isEqualTo(Admission.ADMITTED);
    assertThat(limiter.tryAcquire(key, TEN_PER_SECOND, T0.plusMillis(100))).isInstanceOf(Admission.Limited.class);
    assertThat(limiter.tryAcquire(key, RateLimitPolicy.unlimited(), T0)).isEqualTo(Admission.ADMITTED);
  }

  private static void quotaStateKeepsTheLaterReset(JdbcRateLimiter limiter, String instance) {
    assertThat(limiter.blockedUntil(instance, T0)).isEmpty();
    limiter.blockUntil(instance, T0.plusSeconds(30));
    limiter.blockUntil(instance, T0.plusSeconds(10));
    assertThat(limiter.blockedUntil(instance, T0)).contains(T0.plusSeconds(30));
    assertThat(limiter.blockedUntil(instance, T0.plusSeconds(30))).isEmpty();
  }

  @Test
  @Tag("REQ-RATE-004")
  void onH2TheBucketsAndQuotaStateBehaveLikeTheInMemoryOnes() {
    JdbcRateLimiter limiter = new JdbcRateLimiter(h2("limiter")).createTables().createTables();
    bucketsBehaveAsTokenBuckets(limiter, "instance:a");
    quotaStateKeepsTheLaterReset(limiter, "a");
    assertThat(limiter.removeIdleBuckets(T0.plus(Duration.ofHours(2)), Duration.ofHours(1))).isEqualTo(1);
  }

  @Test
  @Tag("REQ-RATE-004")
  @Tag("REQ-RATE-005")
  void onPostgresqlTheBucketsAndQuotaStateBehaveLikeTheInMemoryOnes() {
    JdbcRateLimiter limiter = new JdbcRateLimiter(postgres.getPostgresDatabase()).createTables();
    bucketsBehaveAsTokenBuckets(limiter, "instance:pg-a");
    quotaStateKeepsTheLaterReset(limiter, "pg-a");
  }

  @Test
  @Tag("REQ-RATE-003")
  @Tag("REQ-RATE-004")
  void twoEngineNodesSharingADatabaseAdmitNoMoreThanTheSharedBudgetPlusBurst() throws Exception {
    DataSource shared = postgres.getPostgresDatabase();
    new JdbcRateLimiter(shared).createTables();
    AtomicInteger admitted = new AtomicInteger();
    List<ConnectorEngine> nodes = List.of(node(shared), node(shared));
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      long start = System.nanoTime();
      long end = start + Duration.ofMillis(2000).toNanos();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        ConnectorEngine node = nodes.get(t % 2);
        running.add(callers.submit(() -> {
          while (System.nanoTime() < end) {
            if (call(node) instanceof Succeeded) {
              admitted.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // budget 10/s over the run plus the burst of 5 (+1 for the call admitted in the last refill instant)
      assertThat(admitted.get()).isLessThanOrEqualTo((int) Math.floor(10 * seconds) + 5 + 1);
      assertThat(admitted.get()).isGreaterThanOrEqualTo((int) (10 * 2.0 * 0.7));
    } finally {
      callers.shutdownNow();
      nodes.forEach(ConnectorEngine::close);
    }
  }

  @Test
  @Tag("REQ-RATE-003")
  void jdbcStoresAloneMakeTheRateLimitsClusterWide() throws Exception {
    DataSource db = postgres.getPostgresDatabase();
    try (Stores stores = Stores.postgres(db);
        ConnectorEngine a = engineOn(stores); ConnectorEngine b = engineOn(stores)) {
      Caller alice = Caller.user("alice", "proj-a");
      a.instances().install(InstanceDefinition.builder("clustered", "ping").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").rateLimitPolicy(RateLimitPolicy.of(0.01, 2))
          .build(), alice);
      a.instances().enable("clustered", alice);
      InvocationRequest ping = InvocationRequest.of("clustered", "ping", JsonResources.parse("{}"), alice);

      assertThat(a.invoke(ping)).isInstanceOf(Succeeded.class);
      assertThat(a.invoke(ping)).isInstanceOf(Succeeded.class);

      // the burst of 2 is spent on node a: node b shares the bucket through the database (one token per 100 s)
      assertThat(b.invoke(ping)).isInstanceOfSatisfying(io.cynodeai.connector.api.Failed.class,
          f -> assertThat(f.failureClass()).isEqualTo(io.cynodeai.connector.api.FailureClass.QUOTA_EXCEEDED));
    }
  }

  private static ConnectorEngine engineOn(Stores stores) {
    return ConnectorEngines.builder().policy(PolicyEngine.allowAll()).stores(stores)
        .register(ConnectorType.builder("ping", "1.0.0")
            .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
            .operation(OperationDescriptor.builder("ping").modes(ExecutionMode.SYNC)
                .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
                .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
                .handler((ctx, in) -> HandlerResult.of(in)))
            .build())
        .auditSink(event -> { })
        .build();
  }

  private static Outcome call(ConnectorEngine node) {
    return node.invoke(InvocationRequest.of("shared", "ping", JsonResources.parse("{}"),
        Caller.user("alice", "proj-a")));
  }

  private static ConnectorEngine node(DataSource shared) {
    JdbcRateLimiter limiter = new JdbcRateLimiter(shared);
    ConnectorEngine engine = ConnectorEngines.builder().policy(PolicyEngine.allowAll())
        .rateLimitBackend(limiter, limiter)
        .register(ConnectorType.builder("ping", "1.0.0")
            .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
            .operation(OperationDescriptor.builder("ping").modes(ExecutionMode.SYNC)
                .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
                .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
                .handler((ctx, in) -> HandlerResult.of(in)))
            .build())
        .auditSink(event -> {})
        .build();
    // each node has its own instance store; the bucket key "instance:shared" is what they share
    engine.instances().install(InstanceDefinition.builder("shared", "ping").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").rateLimitPolicy(TEN_PER_SECOND).build(),
        Caller.user("alice", "proj-a"));
    assertThat(engine.instances().enable("shared", Caller.user("alice", "proj-a")))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    return engine;
  }
}
