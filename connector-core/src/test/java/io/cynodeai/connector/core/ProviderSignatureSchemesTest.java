package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Provider schemes declared, not coded per connector: Stripe's one-header {@code t=...,v1=...} and GitHub's
 * {@code X-Hub-Signature-256}, each with a secret the provider issued and the host imported. The test signs as
 * each provider documents it, with the JDK's HMAC.
 */
@Tag("REQ-INBOUND-003")
class ProviderSignatureSchemesTest {
  private static final long NOW = 1_700_000_000L;
  private static final String SECRET = "whsec_provider_issued_0123456789";
  private final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();

  /** A source under {@code scheme} whose events carry the body's {@code id}. */
  private record Source(SignatureScheme signature) implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      JsonNode body = JsonResources.parse(new String(request.body(), StandardCharsets.UTF_8));
      return new ParsedDelivery(List.of(new InboundEvent(body.get("id").asText(), "evt", null, body)), null);
    }
  }

  private EngineHarness engine(SignatureScheme scheme) {
    ConnectorType type = TestTypes.type("provider-hooks", TestTypes.echo((ctx, in) -> HandlerResult.of(in)))
        .webhooks(new Source(scheme)).build();
    EngineHarness harness = new EngineHarness(type, b -> b.clock(Clock.fixed(Instant.ofEpochSecond(NOW),
        ZoneOffset.UTC)).webhooks(WebhookConfig.builder(received::add).keys(new LocalKeyManagementService("k"))
        .build()));
    WebhookService hooks = harness.engine.webhooks();
    hooks.enable("inst-1", "events", ALICE);
    assertThat(hooks.importSecret("inst-1", "events", SECRET.toCharArray(), Duration.ZERO, ALICE))
        .isInstanceOf(SecretOutcome.Stored.class);
    return harness;
  }

  private static String hmacHex(String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void stripeStyleDeliveriesVerifyWithAnyOfTheirV1SignaturesInsideTheReplayWindow() throws Exception {
    try (EngineHarness harness = engine(SignatureScheme.stripe());
        HmacHooks.Host host = new HmacHooks.Host(harness.engine.webhooks())) {
      String body = "{\"id\":\"evt_1\"}";
      String good = hmacHex(NOW + "." + body);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> ok = host.post("inst-1", "events", bytes, "Stripe-Signature",
          "t=" + NOW + ",v1=" + "00".repeat(32) + ",v1=" + good + ",v0=ignored");
      HttpResponse<String> stale = host.post("inst-1", "events", bytes, "Stripe-Signature",
          "t=" + (NOW - 301) + ",v1=" + hmacHex((NOW - 301) + "." + body));
      HttpResponse<String> otherTime = host.post("inst-1", "events", bytes, "Stripe-Signature",
          "t=" + (NOW + 1) + ",v1=" + good);
      HttpResponse<String> noTime = host.post("inst-1", "events", bytes, "Stripe-Signature", "v1=" + good);

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(stale.body()).contains("timestamp_outside_window");
      assertThat(otherTime.body()).as("the timestamp is signed").contains("signature_invalid");
      assertThat(noTime.body()).contains("signature_missing");
      assertThat(received).extracting(CanonicalEvent::eventId).containsExactly("evt_1");
    }
  }

  @Test
  void githubDeliveriesVerifyTheirBodySignature() throws Exception {
    try (EngineHarness harness = engine(SignatureScheme.github());
        HmacHooks.Host host = new HmacHooks.Host(harness.engine.webhooks())) {
      String body = "{\"id\":\"push-1\"}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> ok = host.post("inst-1", "events", bytes, "X-Hub-Signature-256", "sha256=" + hmacHex(body));
      HttpResponse<String> bad = host.post("inst-1", "events", "{\"id\":\"push-2\"}".getBytes(StandardCharsets.UTF_8),
          "X-Hub-Signature-256", "sha256=" + hmacHex(body));

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(received).extracting(CanonicalEvent::eventId).containsExactly("push-1");
    }
  }
}
