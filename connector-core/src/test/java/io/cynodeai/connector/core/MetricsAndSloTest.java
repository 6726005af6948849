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
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class MetricsAndSloTest {
  private static final Caller ALICE = new Caller("alice", List.of("ops"), "proj-a");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MovableClock clock = new MovableClock();
  private final ConnectorEngine engine = ConnectorEngines.builder().clock(clock).meterRegistry(meters)
      .auditSink(new RecordingAuditSink()).policy(PolicyEngine.allowAll()).circuitBreaker(3, Duration.ofMinutes(1))
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

  MetricsAndSloTest() {
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

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  @Tag("REQ-OBS-002")
  void invocationsErrorsRetriesLatencyAndQuotaRefusalsAreCountedPerTypeAndInstance() {
    call("i1", "ok");
    call("i1", "ok");
    call("i1", "bad");
    call("i2", "fail");
    call("i2", "limited");
    call("i2", "ok");
    call("nope", "ok");
    assertThat(count("connector.invocations", "type", "echo", "instance", "i1")).isEqualTo(3);
    assertThat(count("connector.invocations", "type", "echo", "instance", "i1", "outcome", "succeeded")).isEqualTo(2);
    assertThat(count("connector.invocations", "type", "unknown", "instance", "unknown")).isEqualTo(1);
    assertThat(count("connector.invocation.errors", "instance", "i1", "failure_class", "permanent")).isEqualTo(1);
    assertThat(count("connector.invocation.errors", "instance", "i2", "failure_class", "transient")).isEqualTo(1);
    assertThat(count("connector.invocation.retries", "instance", "i2")).isEqualTo(1);
    assertThat(count("connector.quota.exceeded", "instance", "i2")).isEqualTo(2);
    Timer latency = meters.get("connector.invocation.latency").tags("type", "echo", "instance", "i1").timer();
    assertThat(latency.count()).isEqualTo(3);
    assertThat(latency.takeSnapshot().percentileValues()).as("no per-instance percentiles").isEmpty();
    Timer perType = meters.get("connector.type.latency").tags("type", "echo").timer();
    assertThat(perType.count()).isEqualTo(6);
    assertThat(perType.takeSnapshot().percentileValues()).extracting(v -> v.percentile())
        .containsExactly(0.5, 0.95, 0.99);
  }

  @Test
  @Tag("REQ-OBS-002")
  void anUninstalledInstanceLeavesNoMeterBehind() {
    call("i1", "ok");
    call("i1", "bad");
    call("i2", "ok");
    assertThat(meters.getMeters()).anyMatch(m -> "i1".equals(m.getId().getTag("instance")));

    engine.instances().uninstall("i1", ALICE);

    assertThat(meters.getMeters()).noneMatch(m -> "i1".equals(m.getId().getTag("instance")));
    assertThat(count("connector.invocations", "type", "echo", "instance", "i2")).isEqualTo(1);
    assertThat(meters.get("connector.type.latency").tags("type", "echo").timer().count()).isEqualTo(3);
  }

  @Test
  @Tag("REQ-OBS-002")
  void everyCircuitBreakerTripIsCounted() {
    for (int i = 0; i < 2; i++) {
      call("i1", "fail");
    }
    assertThat(meters.get("connector.circuit_breaker.trips").tags("type", "echo", "instance", "i1").counter()
        .count()).isEqualTo(1);
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
