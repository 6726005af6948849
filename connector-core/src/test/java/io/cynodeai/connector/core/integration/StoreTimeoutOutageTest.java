package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.internal.InstanceCache;
import io.cynodeai.connector.core.internal.StoreTimeout;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL server is stopped in the middle of a run while the engine's HikariCP pool keeps its
 * default 30 s connection timeout (issue 17, outages): every API answers with a typed failure within the
 * call's own timeout (1 s for the operation; the five-second store timeout for job lookups and cancels) plus
 * a small bound, never after the pool's 30 s, and the engine recovers once the server is back on the same
 * port and data.
 */
class StoreTimeoutOutageTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
  /** What a failing store call may take beyond its bound: the watchdog's wake-up and the failure's path. */
  private static final long SLACK_MS = 1_500;

  private Path data;
  private int port;
  private EmbeddedPostgres server;
  private HikariDataSource pool;
  private Stores stores;
  private ConnectorType type;
  private ConnectorEngine engine;

  @BeforeEach
  void start() throws IOException {
    data = Files.createTempDirectory("store-outage");
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    server = startServer();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
    config.setMaximumPoolSize(4);
    config.setPoolName("store-outage");
    pool = new HikariDataSource(config);
    assertThat(pool.getConnectionTimeout()).isEqualTo(30_000); // the pool's default, left as it is
    stores = Stores.postgres(pool);
    ConnectorType type = ConnectorType.builder("work", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("work").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .maxTimeout(CALL_TIMEOUT)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> HandlerResult.of(in)))
        .build();
    this.type = type;
    engine = engine(InstanceCache.DEFAULT_STALENESS);
    engine.instances().install(InstanceDefinition.builder("w", "work").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable("w", ALICE);
  }

  private ConnectorEngine engine(Duration instanceStaleness) {
    return ConnectorEngines.builder().register(type).stores(stores).auditSink(new RecordingAuditSink())
        .policy(PolicyEngine.allowAll()).jobs(j -> j.withWorkers("node-1", 1, Duration.ofSeconds(1))
        .withPollInterval(Duration.ofMillis(50))).instanceCache(instanceStaleness).build();
  }

  private EmbeddedPostgres startServer() throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  @AfterEach
  void stop() throws IOException {
    engine.close();
    stores.close();
    pool.close();
    if (server != null) {
      server.close();
    }
  }

  private static InvocationRequest call(String id) {
    return InvocationRequest.of("w", "work", JsonResources.parse("{\"id\":\"" + id + "\"}"), ALICE)
        .withIdempotencyKey("key-" + id);
  }

  @Test
  void everyApiFailsTypedWithinTheCallsTimeoutWhileTheServerIsDownAndRecoversWhenItIsBack()
      throws Exception {
    assertThat(engine.invoke(call("before"))).isInstanceOf(Succeeded.class);
    JobService.Submission submitted = engine.jobs().submit(call("job").withMode(ExecutionMode.ASYNC));
    String jobId = ((JobService.Submission.Accepted) submitted).jobId();

    server.close(); // the server stops; the pool would wait 30 s for a connection
    server = null;

    long bound = CALL_TIMEOUT.toMillis() + SLACK_MS;
    Outcome during = timed(bound, () -> engine.invoke(call("during")));
    assertThat(during).isInstanceOf(Failed.class);
    assertThat(((Failed) during).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(((Failed) during).code()).endsWith("store_unavailable");

    Outcome unkeyed = timed(bound, () -> engine.invoke(InvocationRequest.of("w", "work",
        JsonResources.parse("{}"), ALICE)));
    // an unkeyed call needs the store only for what this node has not cached (the instance and its quota state,
    // read at most once a second): it runs from the caches or fails typed, within the bound either way
    if (unkeyed instanceof Failed failed) {
      assertThat(failed.code()).isEqualTo("store_unavailable");
    } else {
      assertThat(unkeyed).isInstanceOf(Succeeded.class);
    }

    JobService.Submission refused = timed(bound,
        () -> engine.jobs().submit(call("refused").withMode(ExecutionMode.ASYNC)));
    Failed refusal = ((JobService.Submission.Refused) refused).failure();
    assertThat(refusal.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(refusal.code()).isEqualTo("store_unavailable");

    long storeBound = StoreTimeout.DEFAULT.toMillis() + SLACK_MS;
    JobService.Lookup lookup = timed(storeBound, () -> engine.jobs().get(jobId, ALICE));
    assertThat(lookup).isInstanceOf(JobService.Lookup.Unavailable.class);
    assertThat(((JobService.Lookup.Unavailable) lookup).failure().code()).isEqualTo("store_unavailable");
    assertThat(lookup.found()).isEmpty();
    assertThat(timed(storeBound, () -> engine.jobs().cancel(jobId, ALICE)))
        .isEqualTo(JobService.CancelResult.STORE_UNAVAILABLE);
    // the shared rate limiter and provider quota state live in the same database, bounded the same way
    JdbcRateLimiter limiter = stores.rateLimiter();
    long quotaStart = System.nanoTime();
    assertThatThrownBy(() -> limiter.blockedUntil("w", Instant.now())).isInstanceOf(StoreException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quotaStart)).isLessThanOrEqualTo(storeBound);

    server = startServer(); // back on the same port with the same data
    Outcome after = untilTheStoreAnswers(() -> engine.invoke(call("after")));
    assertThat(after).isInstanceOf(Succeeded.class);
    JobService.Lookup back = untilTheStoreAnswers(() -> engine.jobs().get(jobId, ALICE));
    assertThat(back).isInstanceOf(JobService.Lookup.Found.class);
    assertThat(engine.jobs().get("no-such-job", ALICE)).isInstanceOf(JobService.Lookup.Unknown.class);
  }

  @Test
  void withTheInstanceCacheOffAnUnkeyedCallFailsTypedWithinItsTimeout() throws IOException {
    engine.close();
    engine = engine(Duration.ZERO);
    assertThat(engine.invoke(InvocationRequest.of("w", "work", JsonResources.parse("{}"), ALICE)))
        .isInstanceOf(Succeeded.class);
    server.close();
    server = null;
    Outcome unkeyed = timed(CALL_TIMEOUT.toMillis() + SLACK_MS, () -> engine.invoke(InvocationRequest.of("w",
        "work", JsonResources.parse("{}"), ALICE)));
    assertThat(unkeyed).isInstanceOf(Failed.class);
    assertThat(((Failed) unkeyed).code()).isEqualTo("store_unavailable");
  }

  @Test
  void anUnkeyedCallThatTheNodesCachesServeRunsThroughAnOutage() throws IOException {
    engine.close();
    engine = engine(Duration.ofMinutes(1));
    assertThat(engine.invoke(InvocationRequest.of("w", "work", JsonResources.parse("{}"), ALICE)))
        .isInstanceOf(Succeeded.class); // the instance and its quota state are now cached for a minute
    server.close();
    server = null;
    Outcome unkeyed = timed(CALL_TIMEOUT.toMillis() + SLACK_MS, () -> engine.invoke(InvocationRequest.of("w",
        "work", JsonResources.parse("{\"during\":true}"), ALICE)));
    assertThat(unkeyed).as("its health write, if due, fails and is skipped").isInstanceOf(Succeeded.class);
    Outcome keyed = timed(CALL_TIMEOUT.toMillis() + SLACK_MS, () -> engine.invoke(call("keyed-during")));
    assertThat(keyed).as("a keyed call needs the idempotency store").isInstanceOf(Failed.class);
    assertThat(((Failed) keyed).code()).endsWith("store_unavailable");
  }

  /** Runs {@code call} and asserts it answered within {@code boundMs}. */
  private static <T> T timed(long boundMs, Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMs).as("took %d ms, bound %d ms: %s", tookMs, boundMs, result).isLessThanOrEqualTo(boundMs);
    return result;
  }

  /** Calls again while the pool replaces connections the stop killed: at most 40 tries, 100 ms apart. */
  private static <T> T untilTheStoreAnswers(Supplier<T> call) throws InterruptedException {
    for (int i = 0; ; i++) {
      T result = call.get();
      boolean unavailable = result instanceof Failed f && f.code().endsWith("store_unavailable")
          || result instanceof JobService.Lookup.Unavailable;
      if (!unavailable || i >= 40) {
        return result;
      }
      Thread.sleep(100); // bounded retries while the pool reconnects
    }
  }
}
