package io.cynodeai.connector.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
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
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.ProviderSubscription;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.SubscriptionLifecycle;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import io.opentelemetry.api.trace.StatusCode;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Health checks, webhook parses and provider subscription calls of a real engine traced into the OpenTelemetry
 * SDK's in-memory exporter; the provider is a real local HTTP server that records the trace context it gets.
 */
@Tag("REQ-OBS-004")
class ConnectorCallSpansTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final String SECRET = "sk-canary-7f3a9c1e5b";
  private static final String INSTANCE = "svc-1";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final List<String> received = new CopyOnWriteArrayList<>();
  /** What the next health check does: null passes, else it throws this or answers unhealthy. */
  private final AtomicReference<@Nullable Object> health = new AtomicReference<>();
  private final AtomicReference<@Nullable Exception> unsubscribeFails = new AtomicReference<>();
  private OpenTelemetrySdk otel;
  private HttpServer provider;
  private ConnectorEngine engine;

  @BeforeEach
  void start() throws Exception {
    otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    provider.createContext("/", exchange -> {
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      received.add(exchange.getRequestURI().getPath() + " " + (traceparent == null ? "" : traceparent));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    provider.start();
    EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    secrets.put("token", SECRET.toCharArray());
    engine = ConnectorEngines.builder().register(type()).policy(PolicyEngine.allowAll())
        .observer(OpenTelemetryTracing.of(otel))
        .egress(instance -> EgressPolicy.loopbackOnly())
        .credentials(CredentialVault.of(secrets), instance -> Map.of("token", SecretRef.parse("store:token")))
        .webhooks(WebhookConfig.builder(event -> { }).keys(new LocalKeyManagementService("k")).build())
        .build();
    engine.instances().install(InstanceDefinition.builder(INSTANCE, "svc").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable(INSTANCE, ALICE);
    exporter.reset();
    received.clear();
  }

  @AfterEach
  void stop() {
    engine.close();
    provider.stop(0);
    otel.close();
  }

  private void call(ConnectorContext context, String path) throws Exception {
    context.network().httpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + provider.getAddress().getPort() + path)).header("Authorization", "Bearer "
        + new String(context.credentials().require("token"))).build(), HttpResponse.BodyHandlers.discarding());
  }

  private ConnectorType type() {
    JsonNode object = JsonResources.parse("{\"type\":\"object\"}");
    return ConnectorType.builder("svc", "1.0.0").configSchema("1", object)
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC).requestSchema(object)
            .responseSchema(object).handler((ctx, in) -> HandlerResult.of(in)))
        .healthCheck(context -> {
          call(context, "/health");
          Object next = health.get();
          if (next instanceof Exception e) {
            throw e;
          }
          return next == null ? HealthResult.healthy() : HealthResult.unhealthy("provider says " + SECRET);
        })
        .webhooks(new Source()).build();
  }

  /** Token-verified events with a subscription API at the local provider. */
  final class Source implements WebhookSource, SubscriptionLifecycle {
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
      return new ParsedDelivery(List.of(new InboundEvent(body.get("id").asText(), "message.posted",
          Instant.ofEpochSecond(1_700_000_000L), body)), null);
    }

    @Override
    public Optional<SubscriptionLifecycle> lifecycle() {
      return Optional.of(this);
    }

    @Override
    public ProviderSubscription subscribe(ConnectorContext context, String subscription, URI callback,
        char @Nullable [] secret) throws Exception {
      call(context, "/subscribe");
      return new ProviderSubscription("prov-1", Instant.now().plusSeconds(3600));
    }

    @Override
    public ProviderSubscription renew(ConnectorContext context, ProviderSubscription current) throws Exception {
      call(context, "/renew");
      return new ProviderSubscription(current.providerId(), Instant.now().plusSeconds(7200));
    }

    @Override
    public void unsubscribe(ConnectorContext context, ProviderSubscription current) throws Exception {
      call(context, "/unsubscribe");
      Exception failure = unsubscribeFails.get();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private List<SpanData> spans(String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private SpanData span(String name) {
    List<SpanData> named = spans(name);
    assertThat(named).as("spans named '%s' in %s", name, exporter.getFinishedSpanItems()).hasSize(1);
    return named.get(0);
  }

  private String headerOf(String path) {
    return received.stream().filter(r -> r.startsWith(path + " ")).findFirst().orElseThrow()
        .substring(path.length() + 1);
  }

  @Test
  void aHealthCheckIsASpanAndItsRequestsCarryItsTraceContext() {
    assertThat(engine.instances().check(INSTANCE, ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

    SpanData check = span("health_check");
    assertThat(check.getAttributes().get(SpanAttributes.CALL)).isEqualTo("health_check");
    assertThat(check.getAttributes().get(SpanAttributes.INSTANCE_ID)).isEqualTo(INSTANCE);
    assertThat(check.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("succeeded");
    assertThat(check.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(headerOf("/health")).startsWith("00-" + check.getTraceId() + "-" + check.getSpanId() + "-");
  }

  @Test
  void anUnhealthyCheckAndARejectedCredentialAreErrorSpansWithoutTheirText() {
    health.set("unhealthy");
    engine.instances().check(INSTANCE, ALICE);
    health.set(ProviderException.authRejected(401, "token " + SECRET + " revoked"));
    engine.instances().check(INSTANCE, ALICE);

    List<SpanData> checks = spans("health_check");
    assertThat(checks).hasSize(2).allSatisfy(c -> assertThat(c.getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR));
    assertThat(checks.get(0).getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("unhealthy");
    assertThat(checks.get(0).getAttributes().get(SpanAttributes.FAILURE_CLASS)).isEqualTo("transient");
    assertThat(checks.get(1).getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("credentials_rejected");
    assertThat(checks.get(1).getAttributes().get(SpanAttributes.FAILURE_CLASS)).isEqualTo("permanent");
    assertThat(checks.get(1).getAttributes().get(SpanAttributes.PROVIDER_STATUS)).isEqualTo(401L);
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(SECRET).doesNotContain("revoked")
        .doesNotContain("provider says");
  }

  @Test
  void aWebhookParseIsAChildSpanOfItsDelivery() {
    engine.webhooks().enable(INSTANCE, "events", ALICE);
    char[] token = ((SecretOutcome.Issued) engine.webhooks().revealSecret(INSTANCE, "events", ALICE)).secret();
    byte[] body = "{\"id\":\"ev-1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);

    assertThat(engine.webhooks().deliver(INSTANCE, "events", new WebhookDelivery(
        Map.of("X-Token", List.of(new String(token))), body, Instant.now())))
        .isInstanceOf(WebhookResult.Accepted.class);
    assertThat(engine.webhooks().deliver(INSTANCE, "events", new WebhookDelivery(
        Map.of("X-Token", List.of(new String(token))), notJson, Instant.now())))
        .isInstanceOf(WebhookResult.Rejected.class);

    List<SpanData> deliveries = spans("webhook events");
    List<SpanData> parses = spans("webhook_parse events");
    assertThat(deliveries).hasSize(2);
    assertThat(parses).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(parses.get(i).getParentSpanId()).isEqualTo(deliveries.get(i).getSpanId());
      assertThat(parses.get(i).getAttributes().get(SpanAttributes.SUBSCRIPTION)).isEqualTo("events");
      assertThat(parses.get(i).getAttributes().get(SpanAttributes.CALL)).isEqualTo("webhook_parse");
    }
    assertThat(parses.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(parses.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(parses.get(1).getAttributes().get(SpanAttributes.ERROR_TYPE))
        .as("what the connector threw, by class as the conventions' error.type asks")
        .isEqualTo(IllegalArgumentException.class.getName());
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(new String(token));
  }

  @Test
  void providerSubscriptionCallsAreSpansAndTheirRequestsCarryTheirTraceContext() {
    URI callback = URI.create("https://host.example/webhooks/svc-1/events");
    assertThat(engine.webhooks().subscribe(INSTANCE, "events", callback, ALICE))
        .isInstanceOf(SubscriptionOutcome.Applied.class);
    assertThat(engine.webhooks().renew(INSTANCE, "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
    unsubscribeFails.set(ProviderException.status(503, "provider down, token " + SECRET));
    assertThat(engine.webhooks().unsubscribe(INSTANCE, "events", ALICE))
        .isInstanceOf(SubscriptionOutcome.Refused.class);

    SpanData subscribe = span("subscribe events");
    SpanData renew = span("renew events");
    SpanData unsubscribe = span("unsubscribe events");
    assertThat(List.of(subscribe, renew, unsubscribe)).allSatisfy(s -> {
      assertThat(s.getAttributes().get(SpanAttributes.INSTANCE_ID)).isEqualTo(INSTANCE);
      assertThat(s.getAttributes().get(SpanAttributes.SUBSCRIPTION)).isEqualTo("events");
    });
    assertThat(subscribe.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(renew.getAttributes().get(SpanAttributes.CALL)).isEqualTo("renew");
    assertThat(headerOf("/subscribe")).startsWith("00-" + subscribe.getTraceId() + "-" + subscribe.getSpanId());
    assertThat(headerOf("/renew")).startsWith("00-" + renew.getTraceId() + "-" + renew.getSpanId());
    assertThat(headerOf("/unsubscribe")).startsWith("00-" + unsubscribe.getTraceId() + "-"
        + unsubscribe.getSpanId());
    assertThat(unsubscribe.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(unsubscribe.getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("provider_status_503");
    assertThat(unsubscribe.getAttributes().get(SpanAttributes.FAILURE_CLASS)).isEqualTo("transient");
    assertThat(unsubscribe.getAttributes().get(SpanAttributes.PROVIDER_STATUS)).isEqualTo(503L);
    assertThat(exporter.getFinishedSpanItems().toString()).doesNotContain(SECRET).doesNotContain("provider down");
  }
}
