package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionState;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.webhook.ProviderSubscription;
import io.cynodeai.connector.spi.webhook.SubscriptionLifecycle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A connector's subscription lifecycle against a provider with a subscription API (a real HTTP server standing
 * in for it): subscribe registers the host's callback and the engine-held secret, the provider then signs
 * deliveries with that secret and the engine accepts them; renew extends, unsubscribe removes.
 */
class WebhookSubscriptionLifecycleTest {
  /** The provider: subscriptions by id, each with its callback and secret. */
  private final Map<String, JsonNode> registered = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private HttpServer provider() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/subscriptions", exchange -> {
      String path = exchange.getRequestURI().getPath();
      calls.add(exchange.getRequestMethod() + " " + path);
      String answer = "";
      int status = 200;
      if (exchange.getRequestMethod().equals("POST") && path.equals("/subscriptions")) {
        registered.put("sub-" + (registered.size() + 1), JsonResources.parse(new String(
            exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        answer = "{\"id\":\"sub-" + registered.size() + "\",\"expires_at\":1900000000}";
      } else if (path.endsWith("/renew")) {
        answer = "{\"id\":\"sub-1\",\"expires_at\":1900003600}";
      } else if (exchange.getRequestMethod().equals("DELETE")) {
        registered.remove(path.substring(path.lastIndexOf('/') + 1));
        status = 204;
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
      if (status != 204) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.start();
    return server;
  }

  /** The connector's side: talks to the provider at the instance's {@code endpoint} through the guarded client. */
  private static final class Lifecycle implements SubscriptionLifecycle {
    @Override
    public ProviderSubscription subscribe(ConnectorContext context, String subscription, URI callback,
        char @Nullable [] secret) throws Exception {
      String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
          .put("callback", callback.toString()).put("secret", secret == null ? "" : new String(secret)).toString();
      return read(send(context, HttpRequest.newBuilder(uri(context, "")).POST(
          HttpRequest.BodyPublishers.ofString(body))));
    }

    @Override
    public ProviderSubscription renew(ConnectorContext context, ProviderSubscription current) throws Exception {
      return read(send(context, HttpRequest.newBuilder(uri(context, "/" + current.providerId() + "/renew"))
          .POST(HttpRequest.BodyPublishers.noBody())));
    }

    @Override
    public void unsubscribe(ConnectorContext context, ProviderSubscription current) throws Exception {
      send(context, HttpRequest.newBuilder(uri(context, "/" + current.providerId())).DELETE());
    }

    private static URI uri(ConnectorContext context, String suffix) {
      return URI.create(context.config().get("endpoint").asText() + "/subscriptions" + suffix);
    }

    private static String send(ConnectorContext context, HttpRequest.Builder request) throws Exception {
      HttpResponse<String> response = context.network().httpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("provider answered " + response.statusCode());
      }
      return response.body();
    }

    private static ProviderSubscription read(String body) {
      JsonNode json = JsonResources.parse(body);
      return new ProviderSubscription(json.get("id").asText(), Instant.ofEpochSecond(json.get("expires_at").asLong()));
    }
  }

  private static ConnectorType type() {
    HmacHooks.Source hmac = new HmacHooks.Source();
    return TestTypes.type("hooks", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).webhooks(
        new io.cynodeai.connector.spi.webhook.WebhookSource() {
          @Override
          public List<String> subscriptions() {
            return hmac.subscriptions();
          }

          @Override
          public io.cynodeai.connector.spi.webhook.SignatureScheme signature() {
            return hmac.signature();
          }

          @Override
          public io.cynodeai.connector.spi.webhook.ParsedDelivery parse(ConnectorContext context, String subscription,
              io.cynodeai.connector.spi.webhook.WebhookRequest request) {
            return hmac.parse(context, subscription, request);
          }

          @Override
          public Optional<SubscriptionLifecycle> lifecycle() {
            return Optional.of(new Lifecycle());
          }
        }).build();
  }

  @Test
  @Tag("REQ-INBOUND-001")
  void subscribeRenewAndUnsubscribeRunAgainstTheProviderAndItsDeliveriesVerify() throws Exception {
    HttpServer server = provider();
    List<CanonicalEvent> received = new CopyOnWriteArrayList<>();
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    // the stand-in provider runs on loopback, which the default egress refuses: opened explicitly
    try (EngineHarness harness = new EngineHarness(type(), b -> b.egress(EgressPolicy.loopbackOnly())
        .webhooks(WebhookConfig.builder(received::add).keys(new LocalKeyManagementService("k")).build()));
        HmacHooks.Host host = new HmacHooks.Host(harness.engine.webhooks())) {
      harness.engine.instances().updateConfig("inst-1", EngineHarness.json("{\"endpoint\":\"" + endpoint + "\"}"),
          ALICE);
      var hooks = harness.engine.webhooks();
      assertThat(hooks.enable("inst-1", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);

      SubscriptionOutcome subscribed = hooks.subscribe("inst-1", "events", host.uri("inst-1", "events"), ALICE);
      assertThat(subscribed).isInstanceOf(SubscriptionOutcome.Applied.class);
      SubscriptionState state = ((SubscriptionOutcome.Applied) subscribed).state();
      assertThat(state.providerId()).isEqualTo("sub-1");
      assertThat(state.expiresAt()).isEqualTo(Instant.ofEpochSecond(1900000000));
      JsonNode atProvider = registered.get("sub-1");
      assertThat(atProvider.get("callback").asText()).isEqualTo(host.uri("inst-1", "events").toString());

      char[] providerSecret = atProvider.get("secret").asText().toCharArray();
      assertThat(providerSecret).hasSize(43);
      long now = System.currentTimeMillis() / 1000;
      assertThat(host.signed("inst-1", "events", providerSecret, now, "{\"id\":\"l-1\",\"type\":\"t\",\"data\":{}}")
          .statusCode()).as("the provider signs with the secret it was given").isEqualTo(200);
      assertThat(received).extracting(CanonicalEvent::eventId).containsExactly("l-1");

      SubscriptionOutcome renewed = hooks.renew("inst-1", "events", ALICE);
      assertThat(((SubscriptionOutcome.Applied) renewed).state().expiresAt())
          .isEqualTo(Instant.ofEpochSecond(1900003600));
      assertThat(hooks.unsubscribe("inst-1", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
      assertThat(registered).isEmpty();
      assertThat(hooks.subscriptions("inst-1", ALICE).get(0).providerId()).isNull();
      assertThat(calls).containsExactly("POST /subscriptions", "POST /subscriptions/sub-1/renew",
          "DELETE /subscriptions/sub-1");
      assertThat(harness.audit.events()).allSatisfy(a -> assertThat(a.toString())
          .doesNotContain(new String(providerSecret)));
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Tag("REQ-INBOUND-001")
  void aTypeWithoutALifecycleSaysSo() {
    try (EngineHarness harness = new EngineHarness(HmacHooks.type(), b -> b.webhooks(WebhookConfig.builder(e -> { })
        .keys(new LocalKeyManagementService("k")).build()))) {
      SubscriptionOutcome outcome = harness.engine.webhooks().subscribe("inst-1", "events",
          URI.create("https://host.example/webhooks/inst-1/events"), ALICE);
      assertThat(((SubscriptionOutcome.Refused) outcome).code()).isEqualTo("not_supported");
    }
  }

  /** An engine whose instance talks to {@code server}, with loopback opened to it, renewing as {@code renewal}. */
  private static EngineHarness engine(HttpServer server, WebhookConfig config) {
    int port = server.getAddress().getPort();
    EngineHarness harness = new EngineHarness(type(), b -> b.webhooks(config).egress(i -> EgressPolicy.builder()
        .allow("http://127.0.0.1:" + port).allowAddressRange("127.0.0.1/32").build()));
    harness.engine.instances().updateConfig("inst-1", EngineHarness.json("{\"endpoint\":\"http://127.0.0.1:"
        + port + "\"}"), ALICE);
    harness.engine.webhooks().enable("inst-1", "events", ALICE);
    return harness;
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10); // polling the provider's record of calls, bounded by the deadline above
    }
  }

  @Test
  @Tag("REQ-INBOUND-001")
  void theEngineRenewsAProviderSubscriptionBeforeItLapsesOnItsOwnAccount() throws Exception {
    HttpServer server = provider();
    // the provider's subscriptions expire in 2030: a renewal horizon of 10 years makes this one due at once
    WebhookConfig config = WebhookConfig.builder(e -> { }).keys(new LocalKeyManagementService("k"))
        .renewal(java.time.Duration.ofMillis(50), java.time.Duration.ofDays(3650)).build();
    try (EngineHarness harness = engine(server, config)) {
      harness.engine.webhooks().subscribe("inst-1", "events", URI.create("https://host.example/hooks"), ALICE);

      awaitTrue(() -> calls.contains("POST /subscriptions/sub-1/renew"));

      awaitTrue(() -> Instant.ofEpochSecond(1900003600).equals(
          harness.engine.webhooks().subscriptions("inst-1", ALICE).get(0).expiresAt()));
      assertThat(harness.audit.events(a -> a.action().equals("webhook.renew"))).first().satisfies(a -> {
        assertThat(a.userId()).isEqualTo("system");
        assertThat(a.projectId()).isEqualTo("proj-a");
        assertThat(a.outcome()).isEqualTo("succeeded");
      });
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Tag("REQ-INBOUND-001")
  void uninstallRemovesTheSubscriptionAtTheProviderBeforeItsStateIsWiped() throws Exception {
    HttpServer server = provider();
    try (EngineHarness harness = engine(server, WebhookConfig.builder(e -> { })
        .keys(new LocalKeyManagementService("k")).build())) {
      harness.engine.webhooks().subscribe("inst-1", "events", URI.create("https://host.example/hooks"), ALICE);
      assertThat(registered).containsOnlyKeys("sub-1");

      assertThat(harness.engine.instances().uninstall("inst-1", ALICE)).isInstanceOf(
          io.cynodeai.connector.api.instance.LifecycleOutcome.Applied.class);

      assertThat(registered).isEmpty();
      assertThat(calls).endsWith("DELETE /subscriptions/sub-1");
      assertThat(harness.audit.events(a -> a.action().equals("webhook.unsubscribe"))).singleElement()
          .satisfies(a -> assertThat(a.userId()).isEqualTo("system"));
    } finally {
      server.stop(0);
    }
  }
}
