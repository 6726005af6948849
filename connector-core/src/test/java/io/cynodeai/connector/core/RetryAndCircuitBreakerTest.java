package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class RetryAndCircuitBreakerTest {
  private static final String OK = "{\"text\":\"hi\"}";
  private static final RetryPolicy FAST_RETRIES =
      RetryPolicy.exponential(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(4));

  private static ConnectorType flaky(AtomicInteger calls, int failures, Exception failure) {
    return TestTypes.type("flaky", TestTypes.echo((ctx, in) -> {
      if (calls.incrementAndGet() <= failures) {
        throw failure;
      }
      return HandlerResult.of(in).withProviderStatus(200);
    }).retry(FAST_RETRIES)).build();
  }

  @Test
  @Tag("REQ-RETRY-002")
  void transientFailureIsRetriedAndTheRetryCountReported() {
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(flaky(calls, 2, ProviderException.status(503, "unavailable")))) {
      Outcome out = h.invoke("echo", OK);
      assertThat(out).isInstanceOf(Succeeded.class);
      assertThat(((Succeeded) out).response().metadata().retryCount()).isEqualTo(2);
      assertThat(calls).hasValue(3);
      assertThat(h.audit.last().retryCount()).isEqualTo(2);
    }
  }

  @Test
  @Tag("REQ-RETRY-002")
  @Tag("REQ-RETRY-001")
  void permanentFailureIsNeverRetried() {
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(flaky(calls, 5, ProviderException.status(400, "bad request")))) {
      Failed f = (Failed) h.invoke("echo", OK);
      assertThat(f.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(f.providerStatus()).isEqualTo(400);
      assertThat(f.retryable()).isFalse();
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  @Tag("REQ-RETRY-002")
  @Tag("REQ-RETRY-001")
  void exhaustedTransientFailureIsTransientAfterMaxRetries() {
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(flaky(calls, 99, new IOException("connection reset")))) {
      Failed f = (Failed) h.invoke("echo", OK);
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.code()).isEqualTo("network_error");
      assertThat(calls).hasValue(4);
      assertThat(h.audit.last().retryCount()).isEqualTo(3);
    }
  }

  @Test
  @Tag("REQ-RETRY-002")
  @Tag("REQ-RATE-006")
  void providerRetryAfterIsHonouredBetweenAttempts() {
    AtomicInteger calls = new AtomicInteger();
    ProviderException limited = ProviderException.rateLimited(429, Duration.ofMillis(300), "slow down");
    try (EngineHarness h = new EngineHarness(flaky(calls, 1, limited))) {
      long start = System.nanoTime();
      assertThat(h.invoke("echo", OK)).isInstanceOf(Succeeded.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  @Tag("REQ-RETRY-001")
  void rateLimitBeyondTheDeadlineIsReturnedAsQuotaExceededWithItsHint() {
    AtomicInteger calls = new AtomicInteger();
    ProviderException limited = ProviderException.rateLimited(429, Duration.ofMinutes(2), "slow down");
    try (EngineHarness h = new EngineHarness(flaky(calls, 9, limited))) {
      Failed f = (Failed) h.invoke("echo", OK);
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.retryAfter()).isEqualTo(Duration.ofMinutes(2));
      assertThat(f.providerStatus()).isEqualTo(429);
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  @Tag("REQ-RETRY-003")
  void theEnginesPerCallCapBoundsTheRetriesAnOperationDeclares() {
    AtomicInteger calls = new AtomicInteger();
    ConnectorType type = TestTypes.type("flaky", TestTypes.echo((ctx, in) -> {
      calls.incrementAndGet();
      throw ProviderException.status(503, "down");
    }).retry(RetryPolicy.exponential(25).withDelays(Duration.ofMillis(1), Duration.ofMillis(2)))).build();
    try (EngineHarness h = new EngineHarness(type, b -> b.limits(l -> l.withRetryCap(2, 1.0, 100)))) {
      Failed f = (Failed) h.invoke("echo", OK);
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(calls).as("1 call + 2 retries, not 25").hasValue(3);
      assertThat(h.audit.last().retryCount()).isEqualTo(2);
    }
  }

  @Test
  @Tag("REQ-RETRY-003")
  void globalRetryBudgetStopsARetryStorm() {
    AtomicInteger calls = new AtomicInteger();
    ConnectorType type = flaky(calls, Integer.MAX_VALUE, ProviderException.status(503, "down"));
    // Budget: 0.1 retries per call, 1 per second refill, so 20 failing calls may retry only a few times.
    try (EngineHarness h = new EngineHarness(type, b -> b.limits(l -> l.withRetryCap(10, 0.1, 1)
        .withCircuitBreaker(1000,
        Duration.ofSeconds(30))))) {
      for (int i = 0; i < 20; i++) {
        assertThat(h.invoke("echo", OK)).isInstanceOf(Failed.class);
      }
      int retries = calls.get() - 20;
      // Without the budget: 20 calls x 3 retries = 60. Capacity is 1 + 100*0.1 = 11 tokens, plus 0.1 per call.
      assertThat(retries).isBetween(1, 15);
    }
  }

  @Test
  @Tag("REQ-RETRY-004")
  @Tag("REQ-DATA-001")
  void breakerDegradesTheInstanceFailsFastAndReactivatesOnlyAfterAHealthyCheck() throws Exception {
    AtomicBoolean providerUp = new AtomicBoolean(false);
    AtomicInteger handlerCalls = new AtomicInteger();
    AtomicBoolean healthy = new AtomicBoolean(true);
    ConnectorType type = TestTypes.type("flaky", TestTypes.echo((ctx, in) -> {
      handlerCalls.incrementAndGet();
      if (!providerUp.get()) {
        throw ProviderException.status(503, "down");
      }
      return HandlerResult.of(in);
    })).healthCheck(ctx -> healthy.get() ? HealthResult.healthy() : HealthResult.unhealthy("still down")).build();
    try (EngineHarness h = new EngineHarness(type,
        b -> b.limits(l -> l.withCircuitBreaker(3, Duration.ofMillis(200))))) {
      for (int i = 0; i < 3; i++) {
        assertThat(((Failed) h.invoke("echo", OK)).code()).isEqualTo("provider_status_503");
      }
      assertThat(status(h)).isEqualTo(InstanceStatus.DEGRADED);
      assertThat(h.audit.events(e -> e.action().equals("circuit_opened"))).hasSize(1);

      Failed fast = (Failed) h.invoke("echo", OK);
      assertThat(fast.code()).isEqualTo("circuit_open");
      assertThat(fast.retryAfter()).isPositive();
      assertThat(handlerCalls).hasValue(3);

      healthy.set(false);
      Thread.sleep(250); // the breaker's cooldown (200 ms) is real time: outlast it
      assertThat(((Failed) h.invoke("echo", OK)).code()).isEqualTo("circuit_open");
      assertThat(h.audit.events(e -> e.action().equals("circuit_probe_failed"))).hasSize(1);
      assertThat(status(h)).isEqualTo(InstanceStatus.DEGRADED);
      assertThat(handlerCalls).hasValue(3);

      healthy.set(true);
      providerUp.set(true);
      Thread.sleep(250); // the breaker's cooldown (200 ms) is real time: outlast it
      assertThat(h.invoke("echo", OK)).isInstanceOf(Succeeded.class);
      assertThat(status(h)).isEqualTo(InstanceStatus.ACTIVE);
      AuditEvent closed = h.audit.events(e -> e.action().equals("circuit_closed")).get(0);
      assertThat(closed.type()).isEqualTo(AuditEventType.LIFECYCLE);
      assertThat(closed.details()).containsEntry("status_from", "degraded").containsEntry("status", "active");
    }
  }

  @Test
  @Tag("REQ-RETRY-004")
  void permanentFailuresDoNotOpenTheBreaker() {
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(flaky(calls, 99, ProviderException.status(404, "missing")),
        b -> b.limits(l -> l.withCircuitBreaker(2, Duration.ofSeconds(30))))) {
      for (int i = 0; i < 5; i++) {
        assertThat(((Failed) h.invoke("echo", OK)).code()).isEqualTo("provider_status_404");
      }
      assertThat(status(h)).isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  private static InstanceStatus status(EngineHarness h) {
    return h.engine.instances().get("inst-1", ALICE).orElseThrow().status();
  }
}
