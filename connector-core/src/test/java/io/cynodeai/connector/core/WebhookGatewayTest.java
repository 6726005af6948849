package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.store.InMemoryWebhookStore;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The webhook gateway end to end: a real HTTP server (the JDK's) mounts the engine's entry point, and a client
 * signs deliveries the way the provider does.
 */
class WebhookGatewayTest {
  private final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();
  private final InMemoryWebhookStore store = new InMemoryWebhookStore();
  private EngineHarness harness;
  private HmacHooks.Host host;
  private WebhookService hooks;
  private char[] secret;

  @BeforeEach
  void start() throws Exception {
    harness = new EngineHarness(HmacHooks.type(), b -> b.webhooks(WebhookConfig.builder(received::add)
        .keys(new LocalKeyManagementService("webhooks")).store(store).maxBodyBytes(64 * 1024).build()));
    hooks = harness.engine.webhooks();
    host = new HmacHooks.Host(hooks);
    assertThat(hooks.enable("inst-1", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
    SecretOutcome revealed = hooks.revealSecret("inst-1", "events", ALICE);
    assertThat(revealed).isInstanceOf(SecretOutcome.Issued.class);
    secret = ((SecretOutcome.Issued) revealed).secret();
    HmacHooks.PARSED.set(0);
  }

  @AfterEach
  void stop() {
    host.close();
    harness.close();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static String event(String id) {
    return "{\"id\":\"" + id + "\",\"type\":\"message.posted\",\"at\":1700000000,\"data\":{\"text\":\"hi\","
        + "\"token\":\"provider-token\"}}";
  }

  private List<AuditEvent> deliveries() {
    return harness.audit.events(e -> e.type() == AuditEventType.WEBHOOK && e.action().equals("webhook.deliver"));
  }

  @Test
  @Tag("REQ-INBOUND-002")
  @Tag("REQ-INBOUND-006")
  @Tag("REQ-IDEM-005")
  void aSignedDeliveryIsAcceptedAndDeliveredOnceInCanonicalForm() throws Exception {
    HttpResponse<String> response = host.signed("inst-1", "events", secret, now(), event("ev-1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(received).hasSize(1);
    CanonicalEvent event = received.get(0);
    assertThat(event.eventId()).isEqualTo("ev-1");
    assertThat(event.instanceId()).isEqualTo("inst-1");
    assertThat(event.connectorType()).isEqualTo("hooks");
    assertThat(event.subscription()).isEqualTo("events");
    assertThat(event.type()).isEqualTo("message.posted");
    assertThat(event.occurredAt()).hasToString("2023-11-14T22:13:20Z");
    assertThat(event.receivedAt()).isNotNull();
    assertThat(event.data().get("text").asText()).isEqualTo("hi");
    assertThat(event.data().get("token").asText()).as("the source's redaction rule").isEqualTo("[REDACTED]");
    assertThat(event.redactionsApplied()).containsExactly("/token");
    assertThat(deliveries()).singleElement().satisfies(a -> {
      assertThat(a.outcome()).isEqualTo(AuditEvent.SUCCEEDED);
      assertThat(a.details()).containsEntry("outcome", "accepted").containsEntry("events_delivered", "1")
          .containsEntry("subscription", "events");
    });
  }

  @Test
  @Tag("REQ-INBOUND-005")
  void aRedeliveredEventIdIsAnsweredAsDuplicateAndNotDeliveredAgain() throws Exception {
    assertThat(host.signed("inst-1", "events", secret, now(), event("ev-2")).statusCode()).isEqualTo(200);
    HttpResponse<String> again = host.signed("inst-1", "events", secret, now(), event("ev-2"));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(received).hasSize(1);
    assertThat(deliveries()).last().satisfies(a -> assertThat(a.details()).containsEntry("outcome", "duplicate")
        .containsEntry("duplicates", "1"));
  }

  @Test
  @Tag("REQ-INBOUND-005")
  void aSubscriberThatFailsLeavesTheEventForTheProvidersRedelivery() throws Exception {
    List<CanonicalEvent> got = new CopyOnWriteArrayList<>();
    boolean[] fail = {true};
    try (EngineHarness other = new EngineHarness(HmacHooks.type(), b -> b.webhooks(WebhookConfig.builder(e -> {
      if (fail[0]) {
        throw new IllegalStateException("host queue full");
      }
      got.add(e);
    }).keys(new LocalKeyManagementService("k")).build()))) {
      other.engine.webhooks().enable("inst-1", "events", ALICE);
      char[] s = ((SecretOutcome.Issued) other.engine.webhooks().revealSecret("inst-1", "events", ALICE)).secret();
      try (HmacHooks.Host otherHost = new HmacHooks.Host(other.engine.webhooks())) {
        assertThat(otherHost.signed("inst-1", "events", s, now(), event("ev-r")).statusCode()).isEqualTo(500);
        fail[0] = false;
        assertThat(otherHost.signed("inst-1", "events", s, now(), event("ev-r")).statusCode()).isEqualTo(200);
      }
    }
    assertThat(got).extracting(CanonicalEvent::eventId).containsExactly("ev-r");
  }

  @Test
  @Tag("REQ-IDEM-005")
  @Tag("REQ-INBOUND-003")
  void unsignedWronglySignedAndTamperedDeliveriesAreRejectedBeforeParsing() throws Exception {
    byte[] body = event("ev-3").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long ts = now();
    HttpResponse<String> missing = host.post("inst-1", "events", body, "X-Ts", Long.toString(ts));
    HttpResponse<String> wrongSecret = host.signed("inst-1", "events", "not-the-secret".toCharArray(), ts,
        event("ev-3"));
    String goodSig = HmacHooks.sign(secret, ts, body);
    HttpResponse<String> tampered = host.post("inst-1", "events", event("ev-4").getBytes(
        java.nio.charset.StandardCharsets.UTF_8), "X-Ts", Long.toString(ts), "X-Sig", goodSig);
    HttpResponse<String> otherTimestamp = host.post("inst-1", "events", body, "X-Ts", Long.toString(ts - 1),
        "X-Sig", goodSig);
    HttpResponse<String> garbage = host.post("inst-1", "events", body, "X-Ts", Long.toString(ts), "X-Sig",
        "sha256=zz");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("signature_missing");
    for (HttpResponse<String> r : List.of(wrongSecret, tampered, otherTimestamp, garbage)) {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).contains("signature_invalid");
    }
    assertThat(HmacHooks.PARSED.get()).as("the connector never saw an unverified body").isZero();
    assertThat(received).isEmpty();
    assertThat(deliveries()).hasSize(5).allSatisfy(a -> {
      assertThat(a.outcome()).isNotEqualTo(AuditEvent.SUCCEEDED);
      assertThat(a.details()).containsEntry("http_status", "401");
    });
  }

  @Test
  @Tag("REQ-IDEM-006")
  @Tag("REQ-INBOUND-004")
  void deliveriesOutsideTheFiveMinuteReplayWindowAreRejected() throws Exception {
    HttpResponse<String> old = host.signed("inst-1", "events", secret, now() - 301, event("ev-5"));
    HttpResponse<String> future = host.signed("inst-1", "events", secret, now() + 301, event("ev-6"));
    HttpResponse<String> edge = host.signed("inst-1", "events", secret, now() - 290, event("ev-7"));

    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(old.body()).contains("timestamp_outside_window");
    assertThat(future.statusCode()).isEqualTo(401);
    assertThat(future.body()).contains("timestamp_outside_window");
    assertThat(edge.statusCode()).as("within the default window").isEqualTo(200);
    assertThat(received).extracting(CanonicalEvent::eventId).containsExactly("ev-7");
    assertThat(deliveries()).filteredOn(a -> "timestamp_outside_window".equals(a.errorCode())).hasSize(2);
  }

  @Test
  @Tag("REQ-IDEM-006")
  void theReplayWindowIsConfigurable() throws Exception {
    try (EngineHarness narrow = new EngineHarness(HmacHooks.type(), b -> b.webhooks(WebhookConfig.builder(
        received::add).keys(new LocalKeyManagementService("k")).replayWindow(Duration.ofSeconds(30)).build()));
        HmacHooks.Host narrowHost = new HmacHooks.Host(narrow.engine.webhooks())) {
      narrow.engine.webhooks().enable("inst-1", "events", ALICE);
      char[] s = ((SecretOutcome.Issued) narrow.engine.webhooks().revealSecret("inst-1", "events", ALICE)).secret();
      assertThat(narrowHost.signed("inst-1", "events", s, now() - 60, event("ev-n")).statusCode()).isEqualTo(401);
      assertThat(narrowHost.signed("inst-1", "events", s, now() - 5, event("ev-n")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @Tag("REQ-INBOUND-002")
  void anOversizedBodyIsRefusedBeforeAnyVerification() throws Exception {
    byte[] big = new byte[5000]; // over the type's 4 KiB cap
    HttpResponse<String> typeCap = host.post("inst-1", "events", big, "X-Ts", Long.toString(now()), "X-Sig",
        HmacHooks.sign(secret, now(), big));
    HttpResponse<String> engineCap = host.post("nobody", "events", new byte[70_000]);

    assertThat(typeCap.statusCode()).isEqualTo(413);
    assertThat(engineCap.statusCode()).as("refused before even the instance is looked up").isEqualTo(413);
    assertThat(HmacHooks.PARSED.get()).isZero();
    assertThat(deliveries()).allSatisfy(a -> assertThat(a.errorCode()).isEqualTo("payload_too_large"));
  }

  @Test
  @Tag("REQ-INBOUND-002")
  void unknownInstancesAndDisabledSubscriptionsGetOneIndistinguishableAnswer() throws Exception {
    HttpResponse<String> unknown = host.signed("nope", "events", secret, now(), event("ev-8"));
    HttpResponse<String> disabled = host.signed("inst-1", "other", secret, now(), event("ev-8"));
    HttpResponse<String> undeclared = host.signed("inst-1", "nothing", secret, now(), event("ev-8"));
    hooks.disable("inst-1", "events", ALICE);
    HttpResponse<String> disabledNow = host.signed("inst-1", "events", secret, now(), event("ev-8"));
    harness.engine.instances().disable("inst-1", ALICE);
    hooks.enable("inst-1", "events", ALICE);
    HttpResponse<String> inactive = host.signed("inst-1", "events", secret, now(), event("ev-8"));

    for (HttpResponse<String> r : List.of(unknown, disabled, undeclared, disabledNow, inactive)) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEqualTo(unknown.body());
    }
    assertThat(received).isEmpty();
    assertThat(deliveries()).extracting(a -> a.details().get("reason")).containsExactly("unknown_instance",
        "subscription_disabled", "unknown_subscription", "subscription_disabled", "instance_not_active");
  }

  @Test
  @Tag("REQ-DECL-006")
  void theSecretIsGeneratedByTheEngineStoredSealedAndHandedOutOnce() {
    assertThat(secret).hasSize(43);
    SecretOutcome second = hooks.revealSecret("inst-1", "events", ALICE);
    assertThat(second).isInstanceOf(SecretOutcome.Refused.class);
    assertThat(((SecretOutcome.Refused) second).code()).isEqualTo("already_revealed");
    assertThat(((SecretOutcome.Refused) second).failure().failureClass())
        .as("a refusal is classified like every other").isEqualTo(FailureClass.VALIDATION_ERROR);
    List<io.cynodeai.connector.api.store.WebhookStore.SealedSecret> sealed = store.secrets("inst-1", "events");
    assertThat(sealed).singleElement().satisfies(s -> {
      assertThat(s.sealed()).doesNotContain(new String(secret)).startsWith("s1.");
      assertThat(s.revealed()).isTrue();
    });

    Caller mallory = Caller.user("mallory", "proj-b");
    SecretOutcome foreign = hooks.rotateSecret("inst-1", "events", Duration.ZERO, mallory);
    assertThat(((SecretOutcome.Refused) foreign).code()).as("another tenant cannot even see it")
        .isEqualTo("not_found");
  }

  @Test
  @Tag("REQ-DECL-006")
  void rotationKeepsTheOldSecretValidDuringTheGracePeriodOnly() throws Exception {
    char[] next = ((SecretOutcome.Issued) hooks.rotateSecret("inst-1", "events", Duration.ofMinutes(5), ALICE))
        .secret();
    assertThat(next).isNotEqualTo(secret);
    assertThat(host.signed("inst-1", "events", secret, now(), event("g-1")).statusCode()).isEqualTo(200);
    assertThat(host.signed("inst-1", "events", next, now(), event("g-2")).statusCode()).isEqualTo(200);

    char[] third = ((SecretOutcome.Issued) hooks.rotateSecret("inst-1", "events", Duration.ZERO, ALICE)).secret();
    assertThat(host.signed("inst-1", "events", next, now(), event("g-3")).statusCode()).isEqualTo(401);
    assertThat(host.signed("inst-1", "events", third, now(), event("g-3")).statusCode()).isEqualTo(200);
  }

  @Test
  @Tag("REQ-DECL-006")
  void uninstallWipesTheSecrets() {
    assertThat(store.holdsSecrets("inst-1")).isTrue();
    assertThat(harness.engine.instances().uninstall("inst-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(store.holdsSecrets("inst-1")).isFalse();
    assertThat(store.secrets("inst-1", "events")).isEmpty();
  }

  @Test
  @Tag("REQ-DECL-006")
  void withoutAKeyServiceNoSecretIsMadeAndSignedSubscriptionsCannotBeEnabled() {
    try (EngineHarness bare = new EngineHarness(HmacHooks.type(), b -> b.webhooks(WebhookConfig.builder(
        received::add).build()))) {
      SubscriptionOutcome refused = bare.engine.webhooks().enable("inst-1", "events", ALICE);
      assertThat(((SubscriptionOutcome.Refused) refused).code()).isEqualTo("no_key_service");
    }
  }

  @Test
  @Tag("REQ-DECL-006")
  void theSecretNeverReachesAuditResultsOrMessages() throws Exception {
    String text = new String(secret);
    List<HttpResponse<String>> answers = List.of(
        host.signed("inst-1", "events", secret, now(), event("c-1")),
        host.signed("inst-1", "events", secret, now() - 3600, event("c-2")),
        host.signed("inst-1", "events", "wrong".toCharArray(), now(), event("c-3")),
        host.post("inst-1", "events", new byte[] {1, 2}, "X-Ts", Long.toString(now()), "X-Sig",
            HmacHooks.sign(secret, now(), new byte[] {1, 2})));
    SecretOutcome rotated = hooks.rotateSecret("inst-1", "events", Duration.ZERO, ALICE);

    assertThat(answers.get(3).statusCode()).as("a verified but unparsable body").isEqualTo(400);
    assertThat(rotated.toString()).doesNotContain(text).contains("[REDACTED]");
    String newSecret = new String(((SecretOutcome.Issued) rotated).secret());
    for (HttpResponse<String> r : answers) {
      assertThat(r.body()).doesNotContain(text);
    }
    for (AuditEvent a : harness.audit.events()) {
      assertThat(a.toString()).doesNotContain(text).doesNotContain(newSecret).doesNotContain("provider-token");
    }
    assertThat(hooks.subscriptions("inst-1", ALICE).toString()).doesNotContain(text).doesNotContain(newSecret);
  }

  @Test
  @Tag("REQ-INBOUND-006")
  void theSpecDecidesTheSubscriptionsItLists() throws Exception {
    String spec = """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata: {name: inst-2, owner: {type: user, id: alice}, projectId: proj-a}
        spec:
          type: hooks
          typeVersion: "1"
          enabled: true
          config: {endpoint: x}
          inbound:
            subscriptions: [{name: other, enabled: true}, {name: events, enabled: false}]
        """;
    assertThat(harness.engine.specs().apply(io.cynodeai.connector.api.spec.SpecSource.of(spec), ALICE))
        .isInstanceOf(io.cynodeai.connector.api.spec.SpecOutcome.Applied.class);
    SubscriptionOutcome refused = hooks.enable("inst-2", "events", ALICE);
    assertThat(((SubscriptionOutcome.Refused) refused).code()).isEqualTo("managed_by_spec");
    char[] s = ((SecretOutcome.Issued) hooks.revealSecret("inst-2", "other", ALICE)).secret();

    assertThat(host.signed("inst-2", "other", s, now(), event("sp-1")).statusCode()).isEqualTo(200);
    assertThat(host.signed("inst-2", "events", s, now(), event("sp-2")).statusCode()).isEqualTo(404);
    assertThat(hooks.subscriptions("inst-2", ALICE)).extracting(x -> x.subscription() + "=" + x.enabled() + "/"
        + x.managedBySpec()).containsExactly("events=false/true", "other=true/true");
  }

  @Test
  @Tag("REQ-DECL-016")
  void aSpecNamingASubscriptionTheTypeDoesNotOfferIsRefusedWithItsPath() {
    String spec = """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata: {name: inst-3, owner: {type: user, id: alice}, projectId: proj-a}
        spec:
          type: hooks
          typeVersion: "1"
          enabled: true
          config: {endpoint: x}
          inbound:
            subscriptions: [{name: other, enabled: true}, {name: nope, enabled: true}]
        """;
    var out = harness.engine.specs().apply(io.cynodeai.connector.api.spec.SpecSource.of(spec), ALICE);
    var rejected = (io.cynodeai.connector.api.spec.SpecOutcome.Refused) out;
    assertThat(rejected.problems()).extracting(p -> p.pointer() + " " + p.code())
        .containsExactly("/spec/inbound/subscriptions/1/name unknown_subscription");
    assertThat(rejected.problems().get(0).message()).contains("offers no subscription 'nope'");
    assertThat(harness.engine.specs().get("inst-3", ALICE)).isEmpty();
  }
}
