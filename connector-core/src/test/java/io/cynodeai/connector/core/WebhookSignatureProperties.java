package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Any single-byte change to a signed body is rejected, and the connector never parses it. */
class WebhookSignatureProperties {
  private static final String BODY = "{\"id\":\"p-1\",\"type\":\"t\",\"data\":{\"text\":\"hello, webhook\"}}";
  private static EngineHarness harness;
  private static WebhookService hooks;
  private static char[] secret;

  @BeforeContainer
  static void start() {
    harness = new EngineHarness(HmacHooks.type(), b -> b.webhooks(WebhookConfig.builder(e -> { })
        .keys(new LocalKeyManagementService("k")).build()));
    hooks = harness.engine.webhooks();
    hooks.enable("inst-1", "events", ALICE);
    secret = ((SecretOutcome.Issued) hooks.revealSecret("inst-1", "events", ALICE)).secret();
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Property(tries = 300)
  @Tag("REQ-IDEM-005")
  void anySingleByteChangeToASignedBodyIsRejected(@ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    long ts = Instant.now().getEpochSecond();
    String signature = HmacHooks.sign(secret, ts, body);
    body[position % body.length] ^= (byte) flip;
    int parsedBefore = HmacHooks.PARSED.get();

    WebhookResult result = hooks.deliver("inst-1", "events", new WebhookDelivery(Map.of("X-Ts",
        List.of(Long.toString(ts)), "X-Sig", List.of(signature)), body, Instant.now()));

    assertThat(result).isInstanceOf(WebhookResult.Rejected.class);
    assertThat(((WebhookResult.Rejected) result).code()).isEqualTo("signature_invalid");
    assertThat(result.httpStatus()).isEqualTo(401);
    assertThat(HmacHooks.PARSED.get()).isEqualTo(parsedBefore);
  }
}
