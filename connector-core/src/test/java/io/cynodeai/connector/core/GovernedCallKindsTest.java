package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.catalog.CatalogOutcome;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.catalog.FeatureFlag.Scope;
import io.cynodeai.connector.core.catalog.InMemoryCatalogStore;
import io.cynodeai.connector.core.catalog.SecurityReview.Verdict;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same controls on every kind of connector call, not only on operations: a poll (host-requested and
 * scheduled) passes the catalog, the spec's narrowing and the circuit breaker like an invocation, and its own
 * faults count on that breaker; a webhook
 * parse and a provider subscription call run on handler threads, cut at their timeout.
 */
class GovernedCallKindsTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final Caller LEAD = Caller.user("lead", "proj-a");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final List<PolledEvents> delivered = new CopyOnWriteArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger failing = new AtomicInteger();
  private final Queue<RuntimeException> pollFailures = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final CountDownLatch parseStarted = new CountDownLatch(1);
  private final AtomicBoolean parseInterrupted = new AtomicBoolean();
  private @Nullable ConnectorEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  /** Polls one event per poll; counts the polls that reached the connector. */
  private final class Feed implements PollingSource {
    private final Duration interval;

    Feed(Duration interval) {
      this.interval = interval;
    }

    @Override
    public Duration interval() {
      return interval;
    }

    @Override
    public PollResult poll(ConnectorContext context, @Nullable String cursor) {
      int n = polls.incrementAndGet();
      RuntimeException failure = pollFailures.poll();
      if (failure != null) {
        throw failure;
      }
      return new PollResult(List.of(EngineHarness.json("{\"n\":" + n + "}")), "c" + n, List.of());
    }
  }

  private ConnectorType feedType(Duration interval) {
    return TestTypes.type("feed",
        TestTypes.echo((ctx, in) -> {
          if (failing.get() > 0) {
            failing.decrementAndGet();
            throw ProviderException.transientFailure("upstream_down", "the provider is down", null);
          }
          return HandlerResult.of(in);
        })).polling(new Feed(interval))
        .healthCheck(ctx -> healthy.get() ? HealthResult.healthy() : HealthResult.unhealthy("still down")).build();
  }

  private ConnectorEngine start(EngineBuilder builder) {
    engine = builder.auditSink(audit).build();
    return engine;
  }

  private void installAndEnable(String id, String type) {
    assertThat(engine.instances().install(InstanceDefinition.builder(id, type)
        .config(JsonResources.parse("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a")
        .build(), ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable(id, ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  /**
   * Waits for the scheduled poll a newly active instance gets at the schedule's next tick (up to a second after
   * it was enabled); with an interval of hours, no other scheduled poll comes during the test.
   */
  private void awaitFirstScheduledPoll(String id) throws InterruptedException {
    Await.until("the first scheduled poll of " + id, () -> !audit.events(e -> e.type() == AuditEventType.POLL
        && "engine:poller".equals(e.userId()) && id.equals(e.connectorInstanceId())).isEmpty());
  }

  @Test
  @Tag("REQ-GOV-002")
  void aPollOfATypeTheCatalogDisabledIsRefusedLikeACall() throws InterruptedException {
    ConnectorCatalog catalog = ConnectorCatalog.create(new InMemoryCatalogStore(), PolicyEngine.allowAll(), audit,
        Clock.systemUTC());
    ConnectorType feed = feedType(Duration.ofHours(1));
    approve(catalog, feed);
    start(ConnectorEngines.builder().register(feed).policy(PolicyEngine.allowAll()).catalog(catalog)
        .polling(delivered::add));
    installAndEnable("f1", "feed");
    awaitFirstScheduledPoll("f1");
    assertThat(engine.poll("f1", ALICE).succeeded()).isTrue();

    assertThat(catalog.setFlag("feed", null, Scope.GLOBAL, null, false, LEAD))
        .isInstanceOf(CatalogOutcome.Applied.class);

    PollReport refused = engine.poll("f1", ALICE);
    assertThat(refused.succeeded()).isFalse();
    assertThat(refused.errorCode()).isEqualTo("feature_disabled");
    assertThat(refused).isInstanceOfSatisfying(PollReport.NotDelivered.class,
        r -> assertThat(r.failure().failureClass()).isEqualTo(FailureClass.POLICY_DENIED));
    Outcome call = engine.invoke(InvocationRequest.of("f1", "echo", JsonResources.parse("{\"text\":\"x\"}"),
        ALICE));
    assertThat(((Failed) call).code()).as("the same refusal as a call").isEqualTo("feature_disabled");
    assertThat(polls).as("the refused poll never reached the connector (one scheduled, one requested did)")
        .hasValue(2);
    assertThat(audit.events(e -> e.type() == AuditEventType.POLL && "feature_disabled".equals(e.errorCode())))
        .singleElement().satisfies(e -> assertThat(e.failureClass()).isEqualTo(FailureClass.POLICY_DENIED));
  }

  private static void approve(ConnectorCatalog catalog, ConnectorType type) {
    assertThat(catalog.submit(type, Caller.user("dev", "proj-a"))).isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(catalog.recordReview(type.name(), type.version(), Verdict.PASSED, "ok", Caller.user("sec", "proj-a")))
        .isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(catalog.approve(type.name(), type.version(), "needed", LEAD))
        .isInstanceOf(CatalogOutcome.Applied.class);
  }

  @Test
  @Tag("REQ-DECL-010")
  void aSpecsAllowOperationsNarrowsHostRequestedAndScheduledPolls() throws InterruptedException {
    start(ConnectorEngines.builder().register(feedType(Duration.ofMillis(20))).policy(PolicyEngine.allowAll())
        .polling(delivered::add));
    SpecOutcome applied = engine.specs().apply(SpecSource.of("""
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata: {name: f1, owner: {type: user, id: alice}, projectId: proj-a}
        spec:
          type: feed
          typeVersion: "1"
          enabled: true
          config: {endpoint: x}
          policy: {allowOperations: [echo]}
        """), ALICE);
    assertThat(applied).isInstanceOf(SpecOutcome.Applied.class);

    PollReport requested = engine.poll("f1", ALICE);
    assertThat(requested.errorCode()).isEqualTo("policy_denied");
    assertThat(requested.message()).contains("operation 'poll' is not in the spec's allowOperations");
    Await.until("a scheduled poll refused by the spec", () -> !audit.events(e -> e.type() == AuditEventType.POLL
        && "engine:poller".equals(e.userId()) && "policy_denied".equals(e.errorCode())).isEmpty());
    assertThat(polls).as("no poll reached the connector").hasValue(0);
    assertThat(delivered).isEmpty();

    // the same spec allowing the poll's operation name lets both kinds run
    assertThat(engine.specs().apply(SpecSource.of("""
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata: {name: f1, owner: {type: user, id: alice}, projectId: proj-a}
        spec:
          type: feed
          typeVersion: "1"
          enabled: true
          config: {endpoint: x}
          policy: {allowOperations: [echo, poll]}
        """), ALICE)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(engine.poll("f1", ALICE).succeeded()).isTrue();
    Await.until("a scheduled poll delivered", () -> delivered.size() >= 2);
  }

  @Test
  @Tag("REQ-RETRY-004")
  void aPollIsHeldByTheOpenCircuitBreakerLikeACall() throws InterruptedException {
    start(ConnectorEngines.builder().register(feedType(Duration.ofHours(1))).policy(PolicyEngine.allowAll())
        .limits(l -> l.withCircuitBreaker(2, Duration.ofHours(1)).withRetryCap(0, 0.1, 1)).polling(delivered::add));
    installAndEnable("f1", "feed");
    awaitFirstScheduledPoll("f1");
    failing.set(2);
    for (int i = 0; i < 2; i++) {
      assertThat(engine.invoke(InvocationRequest.of("f1", "echo", JsonResources.parse("{\"text\":\"x\"}"),
          ALICE))).isInstanceOf(Failed.class);
    }

    PollReport held = engine.poll("f1", ALICE);
    assertThat(held.succeeded()).isFalse();
    assertThat(held.errorCode()).isEqualTo("circuit_open");
    assertThat(polls).as("only the scheduled poll before the calls failed").hasValue(1);
  }

  @Test
  @Tag("REQ-RETRY-004")
  void failingPollsOpenTheBreakerTheirInstancesCallsUseAndAPassingProbeClosesIt() throws InterruptedException {
    start(ConnectorEngines.builder().register(feedType(Duration.ofHours(1))).policy(PolicyEngine.allowAll())
        .limits(l -> l.withCircuitBreaker(3, Duration.ofMillis(200)).withRetryCap(0, 0.1, 1)).polling(delivered::add));
    installAndEnable("f1", "feed");
    awaitFirstScheduledPoll("f1");
    InvocationRequest echo = InvocationRequest.of("f1", "echo", JsonResources.parse("{\"text\":\"x\"}"), ALICE);

    // rate-limited answers prove the provider reachable: five of them (over the threshold) leave it closed
    for (int i = 0; i < 5; i++) {
      pollFailures.add(ProviderException.rateLimited(429, Duration.ZERO, "slow down"));
      assertThat(engine.poll("f1", ALICE).errorCode()).isEqualTo("provider_rate_limited");
    }
    assertThat(engine.poll("f1", ALICE).succeeded()).as("the breaker is still closed").isTrue();
    assertThat(polls).as("a scheduled poll, five rate-limited ones, one delivered").hasValue(7);

    healthy.set(false);
    pollFailures.add(ProviderException.transientFailure("upstream_down", "the provider is down", null));
    pollFailures.add(ProviderException.status(503, "unavailable"));
    pollFailures.add(ProviderException.transientFailure("upstream_down", "the provider is down", null));
    for (int i = 0; i < 3; i++) {
      PollReport failed = engine.poll("f1", ALICE);
      assertThat(failed.succeeded()).isFalse();
      assertThat(failed.errorCode()).isIn("upstream_down", "provider_status_503");
    }
    assertThat(polls).as("the three failing polls reached the connector").hasValue(10);

    // open: refused before connector code, for polls and calls alike; the failing probe keeps it open
    PollReport held = engine.poll("f1", ALICE);
    assertThat(held.errorCode()).isEqualTo("circuit_open");
    assertThat(held).isInstanceOfSatisfying(PollReport.NotDelivered.class,
        r -> assertThat(r.failure().failureClass()).isEqualTo(FailureClass.TRANSIENT));
    assertThat(engine.invoke(echo)).isInstanceOfSatisfying(Failed.class,
        f -> assertThat(f.code()).isEqualTo("circuit_open"));
    assertThat(polls).as("no refused poll reached the connector").hasValue(10);
    assertThat(engine.instances().get("f1", ALICE)).hasValueSatisfying(
        i -> assertThat(i.status()).isEqualTo(InstanceStatus.DEGRADED));

    // after the cooldown the health check passes, the breaker closes and the poll runs
    healthy.set(true);
    Await.until("a poll after the cooldown", () -> engine.poll("f1", ALICE).succeeded());
    assertThat(polls).hasValue(11);
    assertThat(engine.instances().get("f1", ALICE)).hasValueSatisfying(
        i -> assertThat(i.status()).isEqualTo(InstanceStatus.ACTIVE));
    assertThat(engine.invoke(echo)).isNotInstanceOf(Failed.class);
  }

  @Test
  @Tag("REQ-RETRY-004")
  void scheduledPollsOfADeadProviderStopAtTheBreakerTheyOpened() throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      pollFailures.add(ProviderException.transientFailure("upstream_down", "the provider is down", null));
    }
    start(ConnectorEngines.builder().register(feedType(Duration.ofMillis(10))).policy(PolicyEngine.allowAll())
        .limits(l -> l.withCircuitBreaker(3, Duration.ofHours(1))).polling(delivered::add));
    installAndEnable("f1", "feed");

    Await.until("a scheduled poll held by the open breaker", () -> !audit.events(e -> e.type() == AuditEventType.POLL
        && "engine:poller".equals(e.userId()) && "circuit_open".equals(e.errorCode())).isEmpty());
    assertThat(polls).as("only the polls that opened the breaker reached the connector").hasValue(3);
    assertThat(audit.events(e -> e.type() == AuditEventType.POLL && "upstream_down".equals(e.errorCode())))
        .hasSize(3);
    assertThat(delivered).isEmpty();
  }

  @Test
  @Tag("REQ-POLICY-001")
  void aHostRequestedPollIsJudgedByTheHostPolicyUnderThePollsOperationName() throws InterruptedException {
    List<String> asked = new CopyOnWriteArrayList<>();
    PolicyEngine policy = ctx -> {
      if (ctx.operationName() != null) {
        asked.add(ctx.operationName());
      }
      return "poll".equals(ctx.operationName()) ? PolicyDecision.deny("no polling for you")
          : PolicyDecision.allow("ok");
    };
    start(ConnectorEngines.builder().register(feedType(Duration.ofHours(1))).policy(policy)
        .polling(delivered::add));
    installAndEnable("f1", "feed");
    awaitFirstScheduledPoll("f1"); // authorized by the instance being active, not by the host's policy

    PollReport denied = engine.poll("f1", ALICE);
    assertThat(denied.errorCode()).isEqualTo("policy_denied");
    assertThat(denied.message()).contains("no polling for you");
    assertThat(asked).contains("poll");
    assertThat(polls).as("only the scheduled poll").hasValue(1);
  }

  /** A webhook source whose parse hangs until it is interrupted. */
  private final class HangingSource implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return HmacHooks.SCHEME;
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      parseStarted.countDown();
      try {
        new CountDownLatch(1).await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        parseInterrupted.set(true);
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("no events");
    }
  }

  @Test
  @Tag("REQ-INBOUND-002")
  void aWebhookParseThatHangsIsCutAtItsTimeoutOnAHandlerThread() throws InterruptedException {
    ConnectorType hooks = TestTypes.type("hooks", TestTypes.echo((ctx, in) -> HandlerResult.of(in)))
        .webhooks(new HangingSource()).build();
    start(ConnectorEngines.builder().register(hooks).policy(PolicyEngine.allowAll())
        .webhooks(WebhookConfig.builder(event -> {}).keys(new LocalKeyManagementService("webhooks"))
            .callTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5)).build()));
    installAndEnable("h1", "hooks");
    assertThat(engine.webhooks().enable("h1", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
    char[] secret = ((SecretOutcome.Issued) engine.webhooks().revealSecret("h1", "events", ALICE)).secret();
    long ts = Instant.now().getEpochSecond();
    byte[] body = "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

    long start = System.nanoTime();
    WebhookResult result = engine.webhooks().deliver("h1", "events", new WebhookDelivery(Map.of(
        "X-Ts", List.of(Long.toString(ts)), "X-Sig", List.of(HmacHooks.sign(secret, ts, body))), body,
        Instant.now()));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(parseStarted.getCount()).as("the connector's parse ran").isZero();
    assertThat(result).isInstanceOf(WebhookResult.Rejected.class);
    WebhookResult.Rejected rejected = (WebhookResult.Rejected) result;
    assertThat(rejected.httpStatus()).as("the provider delivers again later").isEqualTo(503);
    assertThat(rejected.code()).isEqualTo("parse_timeout");
    assertThat(tookMs).as("answered at the timeout, not when the parse gave up").isLessThan(10_000);
    Await.until("the hanging parse interrupted", parseInterrupted::get);
    List<AuditEvent> events = audit.events(e -> e.type() == AuditEventType.WEBHOOK
        && "webhook.deliver".equals(e.action()));
    assertThat(events).singleElement().satisfies(e -> assertThat(e.outcome()).isNotEqualTo(AuditEvent.SUCCEEDED));
  }
}
