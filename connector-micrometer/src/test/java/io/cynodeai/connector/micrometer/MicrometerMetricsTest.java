package io.cynodeai.connector.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real engine with the Micrometer extension: every §10.2 meter, per type and instance, from real calls. */
class MicrometerMetricsTest {
  private static final Caller ALICE = new Caller("alice", List.of("ops"), "proj-a");
  private static final JsonNode OBJECT = JsonResources.parse("{\"type\":\"object\"}");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<AuditEvent> hostEvents = new CopyOnWriteArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private @Nullable ConnectorEngine engine;

  private ConnectorEngine start(EngineBuilder builder) {
    engine = builder.auditSink(hostEvents::add).policy(PolicyEngine.allowAll())
        .limits(l -> l.withCircuitBreaker(3, Duration.ofMinutes(1))).register(type()).build();
    for (String id : List.of("i1", "i2")) {
      engine.instances().install(InstanceDefinition.builder(id, "echo").config(JsonResources.parse("{}"))
          .owner(OwnerScope.group("ops")).projectId("proj-a").rateLimitPolicy(RateLimitPolicy.of(100, 100))
          .build(), ALICE);
      engine.instances().enable(id, ALICE);
    }
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private ConnectorType type() {
    return ConnectorType.builder("echo", "1.0.0").configSchema("1", OBJECT)
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC).requestSchema(OBJECT)
            .responseSchema(OBJECT).retry(RetryPolicy.exponential(1).withDelays(Duration.ofMillis(1),
                Duration.ofMillis(2))).handler((ctx, in) -> {
                  switch (in.path("text").asText()) {
                    case "fail" -> throw ProviderException.status(503, "unavailable");
                    case "bad" -> throw ProviderException.status(400, "bad request");
                    case "limited" -> throw ProviderException.rateLimited(429, Duration.ofMinutes(5), "slow down");
                    default -> {
                      return HandlerResult.of(in);
                    }
                  }
                }))
        .polling(new PollingSource() {
          @Override
          public Duration interval() {
            return Duration.ofHours(1);
          }

          @Override
          public PollResult poll(ConnectorContext context, @Nullable String cursor) {
            polls.incrementAndGet();
            if (cursor == null) {
              return new PollResult(List.of(OBJECT, OBJECT), "c1", List.of());
            }
            throw ProviderException.rateLimited(429, Duration.ofHours(1), "HTTP 429 from GET /events");
          }
        })
        .build();
  }

  private void call(String instance, String text) {
    engine.invoke(InvocationRequest.of(instance, "echo", JsonResources.parse("{\"text\":\"" + text + "\"}"),
        ALICE));
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  @Tag("REQ-OBS-002")
  void invocationsErrorsRetriesLatencyAndQuotaRefusalsAreCountedPerTypeAndInstance() {
    start(ConnectorEngines.builder().extension(MicrometerMetrics.of(meters)));
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
    assertThat(hostEvents).as("the host's sink still sees every event").hasSizeGreaterThanOrEqualTo(7);
  }

  @Test
  @Tag("REQ-OBS-002")
  void anUninstalledInstanceLeavesNoMeterBehind() {
    start(ConnectorEngines.builder().extension(MicrometerMetrics.of(meters)));
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
    start(ConnectorEngines.builder().extension(MicrometerMetrics.of(meters)));
    for (int i = 0; i < 2; i++) {
      call("i1", "fail");
    }
    assertThat(meters.get("connector.circuit_breaker.trips").tags("type", "echo", "instance", "i1").counter()
        .count()).isEqualTo(1);
  }

  /** A 429 answered to a poll holds the instance: the refused poll, the held poll and the held call all count. */
  @Test
  @Tag("REQ-OBS-002")
  void pollsTheirEventsAndTheirQuotaRefusalsAreCounted() throws Exception {
    start(ConnectorEngines.builder().extension(MicrometerMetrics.of(meters)).polling(events -> { }));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    // the schedule's start-up polls of both instances, counted once audited: there is no other notification
    while (meters.find("connector.polls").counters().stream().mapToDouble(c -> c.count()).sum() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(polls.get()).isEqualTo(2);
    assertThat(count("connector.polled.events", "instance", "i1")).as("the first poll's events").isEqualTo(2);

    engine.poll("i1", ALICE); // from the stored cursor on, the provider answers 429, which holds i1
    engine.poll("i1", ALICE); // held: the provider is not asked
    call("i1", "ok");          // held too

    assertThat(polls.get()).isEqualTo(3);
    assertThat(meters.get("connector.polls").tag("instance", "i1").counters())
        .extracting(c -> c.getId().getTag("outcome") + "=" + (long) c.count())
        .containsExactlyInAnyOrder("succeeded=1", "quota_exceeded=2");
    assertThat(meters.get("connector.quota.exceeded").tag("instance", "i1").counter().count())
        .as("the polls refused or held and the held call").isEqualTo(3.0);
  }

  @Test
  void theSameExtensionTwiceIsRefusedNamingIt() {
    MicrometerMetrics metrics = MicrometerMetrics.of(meters);
    EngineBuilder builder = ConnectorEngines.builder().extension(metrics);
    assertThatThrownBy(() -> builder.extension(metrics)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engine extension 'micrometer-metrics' was added already");
    assertThatThrownBy(() -> builder.extension(MicrometerMetrics.of(new SimpleMeterRegistry())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("micrometer-metrics");
  }

  @Test
  void aBrokenRegistryFailsNoCallAndTheHostStillGetsEveryEvent() {
    SimpleMeterRegistry closed = new SimpleMeterRegistry();
    // a registry that fails every meter registration
    closed.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
      @Override
      public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
        throw new IllegalStateException("registry unavailable");
      }
    });
    start(ConnectorEngines.builder().extension(MicrometerMetrics.of(closed)));
    int before = hostEvents.size();
    call("i1", "ok");
    assertThat(hostEvents.size()).isEqualTo(before + 1);
    assertThat(hostEvents.get(hostEvents.size() - 1).outcome()).isEqualTo(AuditEvent.SUCCEEDED);
  }
}
