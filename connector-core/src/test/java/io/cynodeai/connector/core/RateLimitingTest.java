package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.ratelimit.RateLimits;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class RateLimitingTest {
  private static final Caller ALICE = new Caller("alice", List.of("ops"), "proj-a");
  private static final Caller BOB = new Caller("bob", List.of("ops"), "proj-a");
  private final MovableClock clock = new MovableClock();
  private final AtomicInteger handlerCalls = new AtomicInteger();
  private final AtomicReference<ProviderException> providerAnswer = new AtomicReference<>();
  private final AtomicReference<Duration> quotaReset = new AtomicReference<>();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private @org.jspecify.annotations.Nullable ConnectorEngine engine;

  private void start(Consumer<EngineBuilder> customize, RateLimitPolicy... instanceLimits) {
    EngineBuilder b = ConnectorEngines.builder().clock(clock).auditSink(audit).policy(PolicyEngine.allowAll())
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
          handlerCalls.incrementAndGet();
          ProviderException e = providerAnswer.get();
          if (e != null) {
            throw e;
          }
          Duration reset = quotaReset.get();
          return reset == null ? HandlerResult.of(in) : HandlerResult.of(in).withQuotaReset(reset);
        })).build());
    customize.accept(b);
    engine = b.build();
    for (int i = 0; i < instanceLimits.length; i++) {
      engine.instances().install(InstanceDefinition.builder("i" + i, "echo").config(json("{\"endpoint\":\"e\"}"))
          .owner(OwnerScope.group("ops")).projectId("proj-a").rateLimitPolicy(instanceLimits[i]).build(), ALICE);
      assertThat(engine.instances().enable("i" + i, ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    }
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private Outcome call(String instance, Caller caller) {
    return engine.invoke(InvocationRequest.of(instance, "echo", json("{\"text\":\"x\"}"), caller));
  }

  @Test
  @Tag("REQ-RATE-003")
  @Tag("REQ-RATE-004")
  void anInstanceAdmitsItsBurstThenRefusesWithARetryAfterUntilTheSustainedRateRefills() {
    start(b -> {}, RateLimitPolicy.of(2, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    }
    Failed refused = (Failed) call("i0", BOB);
    assertThat(refused).isEqualTo(new Failed(FailureClass.QUOTA_EXCEEDED, "rate_limited",
        "the rate limit of instance 'i0' (2.0/s, burst 3) is exhausted", true, null, Duration.ofMillis(500),
        List.of()));
    assertThat(handlerCalls).hasValue(3);
    assertThat(audit.last().outcome()).isEqualTo("quota_exceeded");
    clock.now = clock.now.plusMillis(500);
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(call("i0", ALICE)).isInstanceOf(Failed.class);
  }

  @Test
  @Tag("REQ-RATE-001")
  void aUserLimitSpansInstancesAndLeavesOtherUsersAlone() {
    start(b -> b.rateLimits(RateLimits.none().withPerUser(RateLimitPolicy.of(1, 2))), RateLimitPolicy.unlimited(),
        RateLimitPolicy.unlimited());
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(call("i1", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(((Failed) call("i1", ALICE)).message())
        .isEqualTo("the rate limit of user 'alice' (1.0/s, burst 2) is exhausted");
    assertThat(call("i0", BOB)).isInstanceOf(Succeeded.class);
  }

  @Test
  @Tag("REQ-RATE-002")
  void aProjectLimitSpansUsersOfTheProject() {
    start(b -> b.rateLimits(RateLimits.none().withPerProject(RateLimitPolicy.of(1, 2))), RateLimitPolicy.unlimited());
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(call("i0", BOB)).isInstanceOf(Succeeded.class);
    Failed refused = (Failed) call("i0", new Caller("carol", List.of("ops"), "proj-a"));
    assertThat(refused.message()).isEqualTo("the rate limit of project 'proj-a' (1.0/s, burst 2) is exhausted");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  @Tag("REQ-RATE-004")
  void aCallRefusedByOneLimitGivesBackTheTokensItTookFromTheOthers() {
    start(b -> b.rateLimits(RateLimits.none().withPerUser(RateLimitPolicy.of(1, 1))), RateLimitPolicy.of(1, 2));
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(call("i0", ALICE)).isInstanceOf(Failed.class); // alice's bucket is empty
    assertThat(call("i0", BOB)).isInstanceOf(Succeeded.class); // the instance token was refunded
  }

  @Test
  @Tag("REQ-RATE-005")
  void aProviderRateLimitBlocksTheInstanceUntilItsResetSoFurtherCallsFailFast() {
    start(b -> {}, RateLimitPolicy.unlimited());
    providerAnswer.set(ProviderException.rateLimited(429, Duration.ofSeconds(30), "slow down"));
    Failed first = (Failed) call("i0", ALICE);
    assertThat(first.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
    assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    clock.now = clock.now.plusSeconds(10);
    Failed second = (Failed) call("i0", BOB);
    assertThat(second).isEqualTo(new Failed(FailureClass.QUOTA_EXCEEDED, "provider_quota_exhausted",
        "the provider of instance 'i0' refuses calls until its rate limit resets", true, null,
        Duration.ofSeconds(20), List.of()));
    assertThat(handlerCalls).hasValue(1);
    providerAnswer.set(null);
    clock.now = clock.now.plusSeconds(20);
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(handlerCalls).hasValue(2);
  }

  @Test
  @Tag("REQ-RATE-005")
  void aSuccessThatReportsAnExhaustedQuotaBlocksTheInstanceUntilTheReset() {
    start(b -> {}, RateLimitPolicy.unlimited());
    quotaReset.set(Duration.ofSeconds(30));
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    quotaReset.set(null);
    clock.now = clock.now.plusSeconds(10);
    Failed second = (Failed) call("i0", BOB);
    assertThat(second).isEqualTo(new Failed(FailureClass.QUOTA_EXCEEDED, "provider_quota_exhausted",
        "the provider of instance 'i0' refuses calls until its rate limit resets", true, null,
        Duration.ofSeconds(20), List.of()));
    assertThat(handlerCalls).hasValue(1);
    clock.now = clock.now.plusSeconds(20);
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(handlerCalls).hasValue(2);
  }

  @Test
  @Tag("REQ-RATE-005")
  void aCallWaitsForANearQuotaResetInsteadOfFailing() {
    start(b -> b.rateLimits(RateLimits.none().withMaxQuotaWait(Duration.ofSeconds(2))), RateLimitPolicy.unlimited());
    providerAnswer.set(ProviderException.rateLimited(429, Duration.ofMillis(1), "slow down"));
    assertThat(call("i0", ALICE)).isInstanceOf(Failed.class);
    providerAnswer.set(null);
    assertThat(call("i0", ALICE)).isInstanceOf(Succeeded.class);
  }

  @Test
  void negativeOrEmptyLimitsAreRefused() {
    assertThatThrownBy(() -> RateLimitPolicy.of(-1, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestsPerSecond must be a finite number >= 0");
    assertThatThrownBy(() -> RateLimitPolicy.of(5, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must be >= 0");
    assertThatThrownBy(() -> RateLimitPolicy.of(5, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must be >= 1 when requestsPerSecond is set (a bucket of 0 admits nothing)");
    assertThatThrownBy(() -> RateLimits.none().withMaxQuotaWait(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxQuotaWait must be >= 0");
  }
}
