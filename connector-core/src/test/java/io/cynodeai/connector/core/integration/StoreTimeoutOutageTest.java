package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Refusal;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.internal.InstanceCache;
import io.cynodeai.connector.core.internal.StoreTimeout;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL server is stopped in the middle of a run while the engine's HikariCP pool keeps its
 * default 30 s connection timeout (issue 17, outages): every API answers with a typed failure within the
 * call's own timeout (1 s for the operation; the five-second store timeout for job lookups, cancels and the
 * dead-letter calls) plus a small bound, never after the pool's 30 s, and the engine recovers once the server
 * is back on the same port and data. Instance lifecycle, spec and poll calls answer their refusal (or a
 * not-delivered poll report) within the store timeout; the reads that answer an {@code Optional} or a {@code
 * List} still throw {@code StoreException}, bounded the same way.
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
  /** Counted down once per job this node moves to {@code failed} (a dead letter, for the input "fail"). */
  private final CountDownLatch deadLettered = new CountDownLatch(2);

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
            .handler((ctx, in) -> {
              if (in.path("fail").asBoolean()) {
                throw ProviderException.status(400, "refused by the provider"); // permanent: a dead letter
              }
              return HandlerResult.of(in);
            }))
        .webhooks(new Hooks())
        .build();
    this.type = type;
    engine = engine(InstanceCache.DEFAULT_STALENESS);
    engine.jobs().addListener(event -> {
      if (event.to() == JobState.FAILED) {
        deadLettered.countDown();
      }
    });
    engine.instances().install(InstanceDefinition.builder("w", "work").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable("w", ALICE);
    assertThat(engine.webhooks().enable("w", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
  }

  /** A webhook source with one subscription, for the subscription calls; nothing is delivered. */
  private static final class Hooks implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return SignatureScheme.hmacSha256("X-Sig", "sha256=", "X-Ts", "v0:", ":");
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      return new ParsedDelivery(List.of(), null);
    }
  }

  private ConnectorEngine engine(Duration instanceStaleness) {
    return ConnectorEngines.builder().register(type).stores(stores).auditSink(new RecordingAuditSink())
        .policy(PolicyEngine.allowAll())
        .webhooks(WebhookConfig.builder(event -> { }).keys(new LocalKeyManagementService("webhooks")).build())
        .jobs(j -> j.withWorkers("node-1", 1, Duration.ofSeconds(1))
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
    String toRequeue = failingJob("requeue");
    String toPurge = failingJob("purge");
    assertThat(deadLettered.await(20, TimeUnit.SECONDS)).as("both failing jobs dead-lettered").isTrue();
    assertThat(engine.jobs().deadLetters(ALICE, 10).listed().orElseThrow()).extracting(Job::jobId)
        .containsExactlyInAnyOrder(toRequeue, toPurge);

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
    JobService.DeadLetters dead = timed(storeBound, () -> engine.jobs().deadLetters(ALICE, 10));
    assertThat(dead).isInstanceOf(JobService.DeadLetters.Unavailable.class);
    assertThat(((JobService.DeadLetters.Unavailable) dead).failure().failureClass())
        .isEqualTo(FailureClass.TRANSIENT);
    assertThat(((JobService.DeadLetters.Unavailable) dead).failure().code()).isEqualTo("store_unavailable");
    assertThat(dead.listed()).isEmpty();
    assertThat(timed(storeBound, () -> engine.jobs().requeue(toRequeue, ALICE)))
        .isEqualTo(JobService.DeadLetterResult.STORE_UNAVAILABLE);
    assertThat(timed(storeBound, () -> engine.jobs().purge(toPurge, ALICE)))
        .isEqualTo(JobService.DeadLetterResult.STORE_UNAVAILABLE);

    server = startServer(); // back on the same port with the same data
    Outcome after = untilTheStoreAnswers(() -> engine.invoke(call("after")));
    assertThat(after).isInstanceOf(Succeeded.class);
    JobService.Lookup back = untilTheStoreAnswers(() -> engine.jobs().get(jobId, ALICE));
    assertThat(back).isInstanceOf(JobService.Lookup.Found.class);
    assertThat(engine.jobs().get("no-such-job", ALICE)).isInstanceOf(JobService.Lookup.Unknown.class);
    JobService.DeadLetters listed = untilTheStoreAnswers(() -> engine.jobs().deadLetters(ALICE, 10));
    assertThat(listed.listed().orElseThrow()).extracting(Job::jobId).as("nothing changed during the outage")
        .containsExactlyInAnyOrder(toRequeue, toPurge);
    assertThat(engine.jobs().purge(toPurge, ALICE)).isEqualTo(JobService.DeadLetterResult.DONE);
    assertThat(engine.jobs().get(toPurge, ALICE)).isInstanceOf(JobService.Lookup.Unknown.class);
    assertThat(engine.jobs().requeue(toRequeue, ALICE)).isEqualTo(JobService.DeadLetterResult.DONE);
    assertThat(engine.jobs().requeue(jobId, ALICE)).as("a job that is not a dead letter")
        .isEqualTo(JobService.DeadLetterResult.NOT_DEAD_LETTER);
  }

  @Test
  void lifecycleSpecAndPollCallsAnswerAnOutageAsARefusalWithinTheStoreTimeout() throws Exception {
    SpecSource spec = new SpecSource("s1.yaml", """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: s1
          owner: {type: user, id: alice}
          projectId: proj-a
        spec:
          type: work
          typeVersion: 1
          enabled: true
          config: {}
        """);
    assertThat(engine.specs().validate(spec).problems()).isEmpty();
    server.close();
    server = null;

    Map<String, Supplier<Object>> refused = new LinkedHashMap<>();
    refused.put("install", () -> engine.instances().install(InstanceDefinition.builder("w2", "work")
        .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE));
    refused.put("updateConfig", () -> engine.instances().updateConfig("w", JsonResources.parse("{}"), ALICE));
    refused.put("enable", () -> engine.instances().enable("w", ALICE));
    refused.put("check", () -> engine.instances().check("w", ALICE));
    refused.put("disable", () -> engine.instances().disable("w", ALICE));
    refused.put("migrate", () -> engine.instances().migrate("w", "1.0.0", ALICE));
    refused.put("uninstall", () -> engine.instances().uninstall("w", ALICE));
    refused.put("diff", () -> engine.specs().diff(spec, ALICE));
    // spec writes take the spec service's write lock one after the other: each is bounded, so they run in turn
    Map<String, Supplier<Object>> specWrites = new LinkedHashMap<>();
    specWrites.put("apply", () -> engine.specs().apply(spec, ALICE));
    specWrites.put("delete", () -> engine.specs().delete("s1", ALICE));
    specWrites.put("reconcile", () -> engine.specs().reconcile(ALICE));
    specWrites.put("completeAuthorization", () -> engine.specs().completeAuthorization("s1", "state", ALICE));
    refused.put("poll", () -> engine.poll("w", ALICE));
    refused.put("webhooks.enable", () -> engine.webhooks().enable("w", "events", ALICE));
    refused.put("webhooks.disable", () -> engine.webhooks().disable("w", "events", ALICE));
    refused.put("webhooks.rotateSecret", () -> engine.webhooks().rotateSecret("w", "events", Duration.ZERO, ALICE));
    // reads that answer an Optional or a List have no typed answer for an outage yet: bounded, but they throw
    Map<String, Supplier<Object>> thrown = new LinkedHashMap<>();
    thrown.put("instances.get", () -> engine.instances().get("w", ALICE));
    thrown.put("instances.list", () -> engine.instances().list(ALICE));
    thrown.put("specs.list", () -> engine.specs().list(ALICE));
    thrown.put("specs.get", () -> engine.specs().get("s1", ALICE));
    thrown.put("specs.status", () -> engine.specs().status("s1", ALICE));
    thrown.put("webhooks.subscriptions", () -> engine.webhooks().subscriptions("w", ALICE));

    long storeBound = StoreTimeout.DEFAULT.toMillis() + SLACK_MS;
    ExecutorService callers = Executors.newFixedThreadPool(refused.size() + thrown.size());
    try {
      Map<String, Future<Object>> answers = new LinkedHashMap<>();
      refused.forEach((name, call) -> answers.put(name, callers.submit(() -> timed(storeBound, call))));
      Future<Map<String, Object>> inTurn = callers.submit(() -> {
        Map<String, Object> outcomes = new LinkedHashMap<>();
        specWrites.forEach((name, call) -> outcomes.put(name, timed(storeBound, call)));
        return outcomes;
      });
      Map<String, Future<Throwable>> failures = new LinkedHashMap<>();
      thrown.forEach((name, call) -> failures.put(name, callers.submit(() -> {
        long start = System.nanoTime();
        Throwable failure = catchThrowable(call::get);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as(name).isLessThanOrEqualTo(storeBound);
        return failure;
      })));
      Map<String, Object> outcomes = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Object>> answer : answers.entrySet()) {
        outcomes.put(answer.getKey(), answer.getValue().get(30, TimeUnit.SECONDS));
      }
      outcomes.putAll(inTurn.get(60, TimeUnit.SECONDS));
      assertThat(outcomes).hasSize(refused.size() + specWrites.size());
      for (Map.Entry<String, Object> answer : outcomes.entrySet()) {
        Object outcome = answer.getValue();
        Failed failure = outcome instanceof PollReport.NotDelivered report ? report.failure()
            : outcome instanceof Refusal refusal ? refusal.failure() : null;
        assertThat(failure).as("%s: %s", answer.getKey(), outcome).isNotNull();
        assertThat(failure.failureClass()).as("%s: %s", answer.getKey(), outcome).isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure.code()).as("%s: %s", answer.getKey(), outcome).isEqualTo("store_unavailable");
      }
      for (Map.Entry<String, Future<Throwable>> failure : failures.entrySet()) {
        assertThat(failure.getValue().get(30, TimeUnit.SECONDS)).as(failure.getKey())
            .isInstanceOf(StoreException.class);
      }
    } finally {
      callers.shutdownNow();
    }

    server = startServer();
    LifecycleOutcome disabled = untilTheStoreAnswers(() -> engine.instances().disable("w", ALICE));
    assertThat(disabled).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().get("w", ALICE)).isPresent();
  }

  /** Submits a job whose handler fails permanently: it is dead-lettered after one attempt. */
  private String failingJob(String id) {
    JobService.Submission s = engine.jobs().submit(InvocationRequest.of("w", "work",
        JsonResources.parse("{\"fail\":true,\"id\":\"" + id + "\"}"), ALICE).withIdempotencyKey("key-" + id)
        .withMode(ExecutionMode.ASYNC));
    return ((JobService.Submission.Accepted) s).jobId();
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
          || result instanceof Refusal r && r.failure().code().equals("store_unavailable")
          || result instanceof JobService.Lookup.Unavailable
          || result instanceof JobService.DeadLetters.Unavailable;
      if (!unavailable || i >= 40) {
        return result;
      }
      Thread.sleep(100); // bounded retries while the pool reconnects
    }
  }
}
