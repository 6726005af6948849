package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.slo.ServiceLevelStatus;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import io.cynodeai.connector.spi.ServiceLevelObjective;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SLO status per type from real calls, with no metrics module (the meters are connector-micrometer's). */
class ServiceLevelsTest {
  private static final Caller ALICE = new Caller("alice", List.of("ops"), "proj-a");
  private final MovableClock clock = new MovableClock();
  private final ConnectorEngine engine = ConnectorEngines.builder().clock(clock)
      .auditSink(new RecordingAuditSink()).policy(PolicyEngine.allowAll())
      .limits(l -> l.withCircuitBreaker(3, Duration.ofMinutes(1)))
      .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
        switch (in.get("text").asText()) {
          case "fail" -> throw ProviderException.status(503, "unavailable");
          case "bad" -> throw ProviderException.status(400, "bad request");
          case "limited" -> throw ProviderException.rateLimited(429, Duration.ofMinutes(5), "slow down");
          default -> {
            return HandlerResult.of(in);
          }
        }
      }).retry(RetryPolicy.exponential(1).withDelays(Duration.ofMillis(1), Duration.ofMillis(2))))
          .slo(0.9, Duration.ofMillis(500)).build())
      .build();

  ServiceLevelsTest() {
    for (String id : List.of("i1", "i2")) {
      engine.instances().install(InstanceDefinition.builder(id, "echo").config(json("{\"endpoint\":\"e\"}"))
          .owner(OwnerScope.group("ops")).projectId("proj-a").rateLimitPolicy(RateLimitPolicy.of(100, 100)).build(),
          ALICE);
      engine.instances().enable(id, ALICE);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void call(String instance, String text) {
    engine.invoke(InvocationRequest.of(instance, "echo", json("{\"text\":\"" + text + "\"}"), ALICE));
  }

  @Test
  @Tag("REQ-OBS-003")
  void theSlosOfATypeAreEvaluatedWithTheErrorBudgetBurn() {
    assertThat(engine.serviceLevels()).singleElement().satisfies(s -> {
      assertThat(s.availability()).isNull();
      assertThat(s.met()).isTrue();
    });
    for (int i = 0; i < 8; i++) {
      call("i1", "ok");
    }
    call("i1", "bad");
    call("i2", "fail");
    // a validation error is the caller's, not the connector's: not eligible
    engine.invoke(InvocationRequest.of("i2", "echo", json("{\"count\":1}"), ALICE));
    ServiceLevelStatus s = engine.serviceLevels().get(0);
    assertThat(s.connectorType()).isEqualTo("echo");
    assertThat(s.eligibleCalls()).isEqualTo(10);
    assertThat(s.failedCalls()).isEqualTo(2);
    assertThat(s.availability()).isEqualTo(0.8);
    assertThat(s.errorBudgetBurn()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.met()).isFalse();
    assertThat(s.p95Latency()).isNotNull().isLessThan(Duration.ofMillis(500));

    clock.now = clock.now.plus(Duration.ofMinutes(61));
    assertThat(engine.serviceLevels().get(0).eligibleCalls()).isZero();
  }

  @Test
  void anObjectiveOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> ServiceLevelObjective.of(1.0, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("availability must be in (0, 1), e.g. 0.995");
    assertThatThrownBy(() -> ServiceLevelObjective.of(0.99, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("p95Latency must be positive");
    assertThatThrownBy(() -> new ServiceLevelObjective(0.99, Duration.ofMillis(1), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be between 1 minute and 24 hours");
    assertThat(TimeUnit.HOURS.toMinutes(ServiceLevelObjective.of(0.99, Duration.ofMillis(1)).window().toHours()))
        .isEqualTo(60);
  }
}
