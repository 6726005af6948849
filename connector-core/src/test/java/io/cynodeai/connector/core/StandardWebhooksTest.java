package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks (the scheme of Svix, OpenAI, Resend, Clerk) through the engine's gateway on a real HTTP
 * server, with the official test vector of the standard's reference libraries (secret {@code
 * whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}, message {@code msg_p5jXN8AQM9LWM0D4loKWxJek} at 1614265330) and the
 * negative cases of their test suites. The engine's clock stands at the vector's timestamp.
 */
@Tag("REQ-INBOUND-003")
class StandardWebhooksTest {
  private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long VECTOR_TS = 1614265330;
  private static final String VECTOR_BODY = "{\"test\": 2432232314}";
  private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final JsonNode CONFIG_SCHEMA = JsonResources.parse("""
      {"type":"object","required":["endpoint"],"additionalProperties":false,
       "properties":{"endpoint":{"type":"string"},"publicKey":{"type":"string"}}}""");

  private final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();
  private EngineHarness harness;
  private HmacHooks.Host host;
  private WebhookService hooks;

  /** How many bodies the source parsed; whether the next parse throws. */
  static final AtomicInteger PARSES = new AtomicInteger();
  static final AtomicBoolean FAIL_NEXT = new AtomicBoolean();

  /** Events carry the message id; the body's {@code type}, if any, is the event type. */
  static final class Source implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return SignatureScheme.standardWebhooks("webhook-", "publicKey");
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      PARSES.incrementAndGet();
      if (FAIL_NEXT.getAndSet(false)) {
        throw new IllegalStateException("the connector cannot read this body now");
      }
      JsonNode body = JsonResources.parse(new String(request.body(), StandardCharsets.UTF_8));
      return new ParsedDelivery(List.of(new InboundEvent(request.header("webhook-id").orElseThrow(),
          body.path("type").asText("test"), null, body)), body.has("reply") ? body.get("reply") : null);
    }
  }

  private static ConnectorType type() {
    return ConnectorType.builder("standard-hooks", "1.0.0").configSchema("1", CONFIG_SCHEMA)
        .operation(TestTypes.echo((ctx, in) -> HandlerResult.of(in))).webhooks(new Source()).build();
  }

  @BeforeEach
  void start() throws Exception {
    harness = new EngineHarness(type(), b -> b.clock(Clock.fixed(Instant.ofEpochSecond(VECTOR_TS), ZoneOffset.UTC))
        .webhooks(WebhookConfig.builder(received::add).keys(new LocalKeyManagementService("webhooks")).build()));
    hooks = harness.engine.webhooks();
    host = new HmacHooks.Host(hooks);
    assertThat(hooks.enable("inst-1", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
    PARSES.set(0);
    FAIL_NEXT.set(false);
  }

  @AfterEach
  void stop() {
    host.close();
    harness.close();
  }

  private HttpResponse<String> deliver(String instance, String body, String... headers) throws Exception {
    return host.post(instance, "events", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private HttpResponse<String> vector(String id, String ts, String signature) throws Exception {
    return deliver("inst-1", VECTOR_BODY, "webhook-id", id, "webhook-timestamp", ts, "webhook-signature", signature);
  }

  private void importVectorSecret() {
    assertThat(hooks.importSecret("inst-1", "events", VECTOR_SECRET.toCharArray(), Duration.ZERO, ALICE))
        .isInstanceOf(SecretOutcome.Stored.class);
  }

  @Test
  void theOfficialVectorSignsToTheOfficialSignature() {
    assertThat(StandardWebhookSignatures.sign(VECTOR_SECRET.toCharArray(), VECTOR_ID, VECTOR_TS,
        VECTOR_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void theOfficialVectorIsAcceptedWithAnImportedProviderSecretAndDeliveredOnce() throws Exception {
    importVectorSecret();

    HttpResponse<String> first = vector(VECTOR_ID, Long.toString(VECTOR_TS), VECTOR_SIGNATURE);
    HttpResponse<String> replayed = vector(VECTOR_ID, Long.toString(VECTOR_TS), VECTOR_SIGNATURE);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(received).singleElement().satisfies(e -> {
      assertThat(e.eventId()).isEqualTo(VECTOR_ID);
      assertThat(e.data().get("test").asLong()).isEqualTo(2432232314L);
    });
  }

  @Test
  void aRedeliveredSignedMessageIsAnsweredAsBeforeWithoutParsingItAgain() throws Exception {
    hooks.importSecret("inst-1", "events", VECTOR_SECRET.toCharArray(), Duration.ZERO, ALICE);
    String body = "{\"type\":\"order.paid\",\"reply\":{\"ok\":1}}";
    String ts = Long.toString(VECTOR_TS);
    WebhookDelivery delivery = new WebhookDelivery(java.util.Map.of("webhook-id", List.of("msg_dup"),
        "webhook-timestamp", List.of(ts), "webhook-signature", List.of(StandardWebhookSignatures.sign(
            VECTOR_SECRET.toCharArray(), "msg_dup", VECTOR_TS, body.getBytes(StandardCharsets.UTF_8)))),
        body.getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(VECTOR_TS));

    assertThat(hooks.deliver("inst-1", "events", delivery)).isInstanceOf(WebhookResult.Accepted.class);
    WebhookResult again = hooks.deliver("inst-1", "events", delivery);
    WebhookResult third = hooks.deliver("inst-1", "events", delivery);

    assertThat(again).isEqualTo(new WebhookResult.Duplicate(List.of("msg_dup"),
        JsonResources.parse("{\"ok\":1}")));
    assertThat(third).isEqualTo(again);
    ((com.fasterxml.jackson.databind.node.ObjectNode) ((WebhookResult.Duplicate) again).reply()).put("ok", 2);
    assertThat(((WebhookResult.Duplicate) third).reply().get("ok").asInt()).as("each answer is a copy")
        .isEqualTo(1);
    assertThat(PARSES).as("the duplicates were answered before parsing").hasValue(1);
    assertThat(received).hasSize(1);
  }

  @Test
  void aSignedMessageWhoseParseFailedIsParsedAgainOnRedelivery() throws Exception {
    importVectorSecret();
    FAIL_NEXT.set(true);

    HttpResponse<String> failed = vector(VECTOR_ID, Long.toString(VECTOR_TS), VECTOR_SIGNATURE);
    HttpResponse<String> redelivered = vector(VECTOR_ID, Long.toString(VECTOR_TS), VECTOR_SIGNATURE);

    assertThat(failed.statusCode()).isEqualTo(400);
    assertThat(redelivered.statusCode()).as("the message id was released").isEqualTo(200);
    assertThat(PARSES).hasValue(2);
    assertThat(received).singleElement().satisfies(e -> assertThat(e.eventId()).isEqualTo(VECTOR_ID));
  }

  @Test
  void theStandardsNegativeCasesAreRefusedBeforeParsing() throws Exception {
    importVectorSecret();
    String ts = Long.toString(VECTOR_TS);

    assertThat(deliver("inst-1", VECTOR_BODY, "webhook-timestamp", ts, "webhook-signature", VECTOR_SIGNATURE)
        .body()).as("no id").contains("signature_missing");
    assertThat(deliver("inst-1", VECTOR_BODY, "webhook-id", VECTOR_ID, "webhook-signature", VECTOR_SIGNATURE)
        .body()).as("no timestamp").contains("signature_missing");
    assertThat(deliver("inst-1", VECTOR_BODY, "webhook-id", VECTOR_ID, "webhook-timestamp", ts).body())
        .as("no signature").contains("signature_missing");
    assertThat(vector(VECTOR_ID, "hello", VECTOR_SIGNATURE).body()).as("bad timestamp")
        .contains("signature_invalid");
    assertThat(vector(VECTOR_ID, ts, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=").body())
        .as("another signature").contains("signature_invalid");
    assertThat(vector(VECTOR_ID, ts, "v1,").body()).as("empty signature").contains("signature_invalid");
    assertThat(vector("msg_other", ts, VECTOR_SIGNATURE).body()).as("the id is signed: a new id fails")
        .contains("signature_invalid");
    assertThat(deliver("inst-1", "{\"test\": 2432232315}", "webhook-id", VECTOR_ID, "webhook-timestamp", ts,
        "webhook-signature", VECTOR_SIGNATURE).body()).as("tampered body").contains("signature_invalid");
    assertThat(received).isEmpty();
    assertThat(PARSES).hasValue(0);
  }

  @Test
  void aTimestampMoreThanFiveMinutesOffIsRefusedEitherWay() throws Exception {
    importVectorSecret();
    byte[] body = VECTOR_BODY.getBytes(StandardCharsets.UTF_8);
    for (long ts : new long[] {VECTOR_TS - 301, VECTOR_TS + 301}) {
      String signature = StandardWebhookSignatures.sign(VECTOR_SECRET.toCharArray(), VECTOR_ID, ts, body);

      HttpResponse<String> response = vector(VECTOR_ID, Long.toString(ts), signature);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("timestamp_outside_window");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void oneValidSignatureAmongSeveralIsEnoughAsDuringTheSendersKeyRotation() throws Exception {
    importVectorSecret();

    HttpResponse<String> response = vector(VECTOR_ID, Long.toString(VECTOR_TS),
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,bm90LWEtc2lnbmF0dXJl " + VECTOR_SIGNATURE);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(received).hasSize(1);
  }

  @Test
  void anEngineGeneratedSecretIsAWhsecSecretThatSendersLibrariesAccept() throws Exception {
    char[] secret = ((SecretOutcome.Issued) hooks.revealSecret("inst-1", "events", ALICE)).secret();
    assertThat(new String(secret)).startsWith("whsec_");
    assertThat(StandardWebhookSignatures.isValid(secret)).isTrue();
    String body = "{\"type\":\"invoice.paid\"}";

    HttpResponse<String> response = deliver("inst-1", body, "webhook-id", "msg_1", "webhook-timestamp",
        Long.toString(VECTOR_TS), "webhook-signature", StandardWebhookSignatures.sign(secret, "msg_1", VECTOR_TS,
            body.getBytes(StandardCharsets.UTF_8)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(received).extracting(CanonicalEvent::type).containsExactly("invoice.paid");
  }

  @Test
  void anImportedSecretReplacesTheOldOneWhichStaysValidForItsGrace() throws Exception {
    importVectorSecret();
    char[] next = StandardWebhookSignatures.newSecret();
    SecretOutcome stored = hooks.importSecret("inst-1", "events", next, Duration.ofMinutes(10), ALICE);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(stored).isEqualTo(new SecretOutcome.Stored(3)); // 1 made at enable, 2 the vector, 3 this one
    assertThat(deliver("inst-1", "{}", "webhook-id", "msg_old", "webhook-timestamp", Long.toString(VECTOR_TS),
        "webhook-signature", StandardWebhookSignatures.sign(VECTOR_SECRET.toCharArray(), "msg_old", VECTOR_TS,
            body)).statusCode()).isEqualTo(200);
    assertThat(deliver("inst-1", "{}", "webhook-id", "msg_new", "webhook-timestamp", Long.toString(VECTOR_TS),
        "webhook-signature", StandardWebhookSignatures.sign(next, "msg_new", VECTOR_TS, body)).statusCode())
        .isEqualTo(200);
    assertThat(harness.audit.events(e -> e.action().equals("webhook.secret.import"))).hasSize(2)
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain(VECTOR_SECRET.substring(6)));
  }

  @Test
  void aMalformedImportedSecretIsRefusedWithoutBeingQuoted() {
    SecretOutcome refused = hooks.importSecret("inst-1", "events", "whsec_not*base64".toCharArray(),
        Duration.ZERO, ALICE);

    assertThat(refused).isInstanceOfSatisfying(SecretOutcome.Refused.class, r -> {
      assertThat(r.code()).isEqualTo("invalid_secret");
      assertThat(r.message()).doesNotContain("not*base64");
    });
  }

  @Test
  void anAsymmetricV1aSignatureVerifiesUnderTheProvidersPublicKey() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = pair.getPublic().getEncoded();
    String publicKey = "whpk_" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32,
        spki.length));
    assertThat(harness.install("inst-2", "standard-hooks", "{\"endpoint\":\"x\",\"publicKey\":\"" + publicKey
        + "\"}")).isInstanceOf(LifecycleOutcome.Applied.class);
    harness.engine.instances().enable("inst-2", ALICE);
    hooks.enable("inst-2", "events", ALICE);
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(StandardWebhookSignatures.signedContent("msg_a", Long.toString(VECTOR_TS),
        VECTOR_BODY.getBytes(StandardCharsets.UTF_8)));
    String v1a = "v1a," + Base64.getEncoder().encodeToString(signer.sign());

    HttpResponse<String> ok = deliver("inst-2", VECTOR_BODY, "webhook-id", "msg_a", "webhook-timestamp",
        Long.toString(VECTOR_TS), "webhook-signature", v1a);
    HttpResponse<String> otherId = deliver("inst-2", VECTOR_BODY, "webhook-id", "msg_b", "webhook-timestamp",
        Long.toString(VECTOR_TS), "webhook-signature", v1a);

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(otherId.statusCode()).isEqualTo(401);
    assertThat(received).extracting(CanonicalEvent::instanceId).containsExactly("inst-2");
  }
}
