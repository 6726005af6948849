package io.cynodeai.connector.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real engine traced into the OpenTelemetry SDK's in-memory exporter: calls with retries, a caller's trace
 * context in, the attempt's trace context out to a real local HTTP server, a job, a poll and a webhook delivery.
 */
@Tag("REQ-OBS-004")
class OpenTelemetryTracingTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final String SECRET = "sk-canary-7f3a9c1e5b";
  private static final String INSTANCE = "svc-1";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final AtomicInteger flakyCalls = new AtomicInteger();
  /** The traceparent of each operation request; a poll's requests go to {@code /feed} and are kept apart. */
  private final List<String> received = new CopyOnWriteArrayList<>();
  /**
   * The traceparent of each poll request: the schedule polls a newly enabled instance at once, so a scheduled
   * poll may reach the server during any test.
   */
  private final List<String> polled = new CopyOnWriteArrayList<>();
  private OpenTelemetrySdk otel;
  private HttpServer server;
  private ConnectorEngine engine;

  @BeforeEach
  void start() throws Exception {
    otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      boolean poll = exchange.getRequestURI().getPath().equals("/feed");
      (poll ? polled : received).add(traceparent == null ? "" : traceparent);
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    secrets.put("token", SECRET.toCharArray());
    engine = ConnectorEngines.builder().register(type()).policy(PolicyEngine.allowAll())
        .observer(OpenTelemetryTracing.of(otel))
        .egress(instance -> EgressPolicy.loopbackOnly())
        .credentials(CredentialVault.of(secrets), instance -> Map.of("token", SecretRef.parse("store:token")))
        .polling(events -> { })
        .webhooks(WebhookConfig.builder(event -> { }).keys(new LocalKeyManagementService("k")).build())
        .build();
    engine.instances().install(InstanceDefinition.builder(INSTANCE, "svc").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable(INSTANCE, ALICE);
  }

  @AfterEach
  void stop() {
    engine.close();
    server.stop(0);
    otel.close();
  }

  private ConnectorType type() {
    JsonNode object = JsonResources.parse("{\"type\":\"object\"}");
    RetryPolicy quickRetries = RetryPolicy.exponential(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(5))
        .withJitter(0);
    return ConnectorType.builder("svc", "1.0.0").configSchema("1", object)
        .operation(OperationDescriptor.builder("flaky").modes(ExecutionMode.SYNC).requestSchema(object)
            .responseSchema(object).retry(quickRetries).handler((ctx, in) -> {
              if (flakyCalls.incrementAndGet() <= 2) {
                throw ProviderException.status(503, "provider busy");
              }
              return HandlerResult.of(in);
            }))
        .operation(OperationDescriptor.builder("broken").modes(ExecutionMode.SYNC).requestSchema(object)
            .responseSchema(object).handler((ctx, in) -> {
              throw ProviderException.status(400, "bad request with " + new String(ctx.credentials()
                  .require("token")));
            }))
        .operation(OperationDescriptor.builder("fetch").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .requestSchema(object).responseSchema(object).handler((ctx, in) -> {
              HttpResponse<String> response = ctx.network().httpClient().send(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/items"))
                  .header("Authorization", "Bearer " + new String(ctx.credentials().require("token")))
                  .build(), HttpResponse.BodyHandlers.ofString());
              return HandlerResult.of(JsonResources.parse(response.body())).withProviderStatus(response.statusCode());
            }))
        .operation(OperationDescriptor.builder("fetchAsync").modes(ExecutionMode.SYNC).requestSchema(object)
            .responseSchema(object).handler((ctx, in) -> {
              HttpResponse<String> response = ctx.network().httpClient().sendAsync(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/items"))
                  .header("traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01") // stale: replaced
                  .build(), HttpResponse.BodyHandlers.ofString()).get();
              return HandlerResult.of(JsonResources.parse(response.body()));
            }))
        .polling(new PollingSource() {
          @Override
          public Duration interval() {
            return Duration.ofHours(1);
          }

          @Override
          public PollResult poll(ConnectorContext context, @Nullable String cursor) throws Exception {
            context.network().httpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/feed")).build(), HttpResponse.BodyHandlers.ofString());
            return PollResult.nothing();
          }
        })
        .webhooks(new TokenSource()).build();
  }

  /** Token-verified events: {@code {"id", "type"}} bodies. */
  static final class TokenSource implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return SignatureScheme.sharedToken("X-Token");
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      JsonNode body = JsonResources.parse(new String(request.body(), StandardCharsets.UTF_8));
      return new ParsedDelivery(List.of(new InboundEvent(body.get("id").asText(), body.get("type").asText(),
          Instant.ofEpochSecond(1_700_000_000L), body)), null);
    }
  }

  private Outcome invoke(String operation) {
    return engine.invoke(InvocationRequest.of(INSTANCE, operation, JsonResources.parse("{}"), ALICE));
  }

  private List<SpanData> spans(Predicate<SpanData> which) {
    return exporter.getFinishedSpanItems().stream().filter(which).toList();
  }

  private SpanData span(String name) {
    List<SpanData> named = spans(s -> s.getName().equals(name));
    assertThat(named).as("spans named '%s'", name).hasSize(1);
    return named.get(0);
  }

  @Test
  void aCallWithRetriesIsOneInvocationSpanWithAChildPerAttempt() {
    assertThat(invoke("flaky")).isInstanceOf(Succeeded.class);

    SpanData call = span("invoke flaky");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(call.getParentSpanContext().isValid()).as("a root: nothing was current").isFalse();
    assertThat(call.getAttributes().get(SpanAttributes.INSTANCE_ID)).isEqualTo(INSTANCE);
    assertThat(call.getAttributes().get(SpanAttributes.OPERATION)).isEqualTo("flaky");
    assertThat(call.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("succeeded");
    assertThat(call.getAttributes().get(SpanAttributes.RETRY_COUNT)).isEqualTo(2L);
    List<SpanData> attempts = spans(s -> s.getName().equals("attempt flaky"));
    assertThat(attempts).hasSize(3).allSatisfy(a -> {
      assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(a.getTraceId()).isEqualTo(call.getTraceId());
    });
    assertThat(attempts).extracting(a -> a.getAttributes().get(SpanAttributes.ATTEMPT))
        .containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(attempts).filteredOn(a -> a.getAttributes().get(SpanAttributes.ATTEMPT) < 3).allSatisfy(a -> {
      assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(a.getAttributes().get(SpanAttributes.FAILURE_CLASS)).isEqualTo("transient");
      assertThat(a.getAttributes().get(SpanAttributes.PROVIDER_STATUS)).isEqualTo(503L);
    });
    assertThat(attempts).filteredOn(a -> a.getAttributes().get(SpanAttributes.ATTEMPT) == 3)
        .singleElement().satisfies(a -> assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
  }

  @Test
  void aFailedCallIsAnErrorSpanWithItsClassCodeAndProviderStatusButNotItsMessage() {
    Outcome outcome = invoke("broken");

    assertThat(outcome).isInstanceOf(Failed.class);
    SpanData call = span("invoke broken");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("failed");
    assertThat(call.getAttributes().get(SpanAttributes.FAILURE_CLASS)).isEqualTo("permanent");
    assertThat(call.getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo(((Failed) outcome).code());
    assertThat(call.getAttributes().get(SpanAttributes.PROVIDER_STATUS)).isEqualTo(400L);
    assertThat(call.getAttributes().get(SpanAttributes.RETRY_COUNT)).isZero();
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(SECRET).doesNotContain("bad request");
  }

  @Test
  void aCallersTraceparentBecomesTheParentOfTheInvocationSpan() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentId = "00f067aa0ba902b7";
    String traceparent = "00-" + traceId + "-" + parentId + "-01";

    try (Scope scope = OpenTelemetryTracing.parentOf(traceparent).makeCurrent()) {
      assertThat(engine.invoke(InvocationRequest.of(INSTANCE, "flaky", JsonResources.parse("{}"), ALICE)
          .withTraceparent(traceparent))).isInstanceOf(Succeeded.class);
    }

    SpanData call = span("invoke flaky");
    assertThat(call.getTraceId()).isEqualTo(traceId);
    assertThat(call.getParentSpanId()).isEqualTo(parentId);
    assertThat(call.getParentSpanContext().isRemote()).isTrue();
    assertThat(call.getAttributes().get(SpanAttributes.CORRELATION_ID)).isEqualTo(traceId);
  }

  @Test
  void anInvalidTraceparentLeavesTheCallARoot() {
    try (Scope scope = OpenTelemetryTracing.parentOf("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")
        .makeCurrent()) {
      assertThat(invoke("flaky")).isInstanceOf(Succeeded.class);
    }

    assertThat(span("invoke flaky").getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void anOutgoingRequestCarriesTheAttemptsTraceContextAndNoSpanCarriesTheCredential() {
    assertThat(invoke("fetch")).isInstanceOf(Succeeded.class);

    SpanData call = span("invoke fetch");
    SpanData attempt = span("attempt fetch");
    assertThat(received).hasSize(1);
    String[] parts = received.get(0).split("-");
    assertThat(parts).as("a W3C traceparent: %s", received.get(0)).hasSize(4);
    assertThat(parts[0]).isEqualTo("00");
    assertThat(parts[1]).isEqualTo(call.getTraceId());
    assertThat(parts[2]).as("the provider's parent is the attempt").isEqualTo(attempt.getSpanId());
    assertThat(SpanId.isValid(parts[2])).isTrue();
    assertThat(Integer.parseInt(parts[3], 16) & 1).as("sampled").isEqualTo(1);
    assertThat(call.getAttributes().get(SpanAttributes.PROVIDER_STATUS)).isEqualTo(200L);
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(SECRET);
  }

  @Test
  void anAsyncSendCarriesTheAttemptsTraceContextInsteadOfTheConnectorsOwn() {
    assertThat(invoke("fetchAsync")).isInstanceOf(Succeeded.class);

    SpanData attempt = span("attempt fetchAsync");
    assertThat(received).singleElement().satisfies(h -> assertThat(h)
        .startsWith("00-" + attempt.getTraceId() + "-" + attempt.getSpanId() + "-"));
  }

  @Test
  void aJobRunIsASpanAndTheParentOfTheInvocationItRuns() throws Exception {
    JobService.Submission submission = engine.jobs().submit(InvocationRequest.of(INSTANCE, "fetch",
        JsonResources.parse("{}"), ALICE).withMode(ExecutionMode.ASYNC));
    String jobId = ((JobService.Submission.Accepted) submission).jobId();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Optional<Job> job = engine.jobs().get(jobId, ALICE).found();
    while (!(job.isPresent() && job.get().state().terminal()) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      job = engine.jobs().get(jobId, ALICE).found();
    }
    assertThat(job).hasValueSatisfying(j -> assertThat(j.state().terminal()).isTrue());

    SpanData run = span("job fetch");
    assertThat(run.getAttributes().get(SpanAttributes.JOB_ID)).isEqualTo(jobId);
    assertThat(run.getAttributes().get(SpanAttributes.ATTEMPT)).isEqualTo(1L);
    assertThat(run.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("succeeded");
    SpanData call = span("invoke fetch");
    assertThat(call.getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(span("attempt fetch").getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(received).singleElement().satisfies(h -> assertThat(h).contains(run.getTraceId()));
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(SECRET);
  }

  @Test
  void aPollIsASpanAndItsRequestsCarryItsTraceContext() {
    PollReport report = engine.poll(INSTANCE, ALICE);

    assertThat(report.succeeded()).as("%s", report).isTrue();
    List<SpanData> polls = spans(s -> s.getName().equals("poll")
        && Boolean.FALSE.equals(s.getAttributes().get(SpanAttributes.SCHEDULED)));
    assertThat(polls).singleElement().satisfies(p -> {
      assertThat(p.getAttributes().get(SpanAttributes.INSTANCE_ID)).isEqualTo(INSTANCE);
      assertThat(p.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("succeeded");
      assertThat(polled).anySatisfy(h -> assertThat(h)
          .startsWith("00-" + p.getTraceId() + "-" + p.getSpanId() + "-"));
    });
  }

  @Test
  void aWebhookDeliveryIsASpanAndARejectedOneIsAnError() throws Exception {
    engine.webhooks().enable(INSTANCE, "events", ALICE);
    char[] token = ((SecretOutcome.Issued) engine.webhooks().revealSecret(INSTANCE, "events", ALICE)).secret();
    byte[] body = "{\"id\":\"ev-1\",\"type\":\"message.posted\"}".getBytes(StandardCharsets.UTF_8);

    WebhookResult accepted = engine.webhooks().deliver(INSTANCE, "events", new WebhookDelivery(
        Map.of("X-Token", List.of(new String(token))), body, Instant.now()));
    WebhookResult forged = engine.webhooks().deliver(INSTANCE, "events", new WebhookDelivery(
        Map.of("X-Token", List.of(SECRET)), body, Instant.now()));

    assertThat(accepted).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(forged).isInstanceOf(WebhookResult.Rejected.class);
    List<SpanData> deliveries = spans(s -> s.getName().equals("webhook events"));
    assertThat(deliveries).hasSize(2).allSatisfy(d -> {
      assertThat(d.getAttributes().get(SpanAttributes.INSTANCE_ID)).isEqualTo(INSTANCE);
      assertThat(d.getAttributes().get(SpanAttributes.SUBSCRIPTION)).isEqualTo("events");
    });
    assertThat(deliveries).extracting(d -> d.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.ERROR);
    assertThat(deliveries.get(1).getAttributes().get(SpanAttributes.ERROR_TYPE))
        .isEqualTo(((WebhookResult.Rejected) forged).code());
    String exported = exporter.getFinishedSpanItems().toString();
    assertThat(exported).doesNotContain(SECRET).doesNotContain(new String(token));
  }
}
