package io.cynodeai.connector.reference.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.time.Instant;
import java.util.List;

/**
 * Discord's interactions endpoint as the {@code interactions} webhook subscription: Discord signs every request
 * with the application's Ed25519 key over {@code X-Signature-Timestamp + body} in {@code X-Signature-Ed25519};
 * the engine verifies it against the instance's {@code application_public_key} (config, not a secret) before
 * this class sees the body. Each interaction is one event, id = the interaction's snowflake id (its time is
 * encoded in it), type {@code interaction.<kind>} ({@code ping}, {@code application_command},
 * {@code message_component}, {@code autocomplete}, {@code modal_submit}). The answer is {@code {"type":1}} (PONG)
 * to a ping and {@code {"type":5}} (deferred reply) to anything else. The interaction's {@code token} (a
 * credential for follow-up replies, valid 15 minutes) is redacted from the event. Configure the endpoint URL by
 * hand in the developer portal: Discord has no subscription API. Stateless and thread-safe.
 */
public final class DiscordInteractions implements WebhookSource {
  /** The subscription's name. */
  public static final String SUBSCRIPTION = "interactions";
  private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;
  private static final String[] KINDS = {"unknown", "ping", "application_command", "message_component",
      "autocomplete", "modal_submit"};

  @Override
  public List<String> subscriptions() {
    return List.of(SUBSCRIPTION);
  }

  @Override
  public SignatureScheme signature() {
    return SignatureScheme.ed25519("X-Signature-Ed25519", "X-Signature-Timestamp", "application_public_key");
  }

  @Override
  public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
    JsonNode body = request.bodyJson();
    String id = body.path("id").asText("");
    int type = body.path("type").asInt(0);
    if (!id.matches("[0-9]{1,20}") || type < 1) {
      throw new IllegalArgumentException("not an interaction");
    }
    String kind = type < KINDS.length ? KINDS[type] : "type_" + type;
    Instant occurred = Instant.ofEpochMilli((Long.parseUnsignedLong(id) >>> 22) + DISCORD_EPOCH_MS);
    return new ParsedDelivery(List.of(new InboundEvent(id, "interaction." + kind, occurred, body)),
        JsonResources.parse(type == 1 ? "{\"type\":1}" : "{\"type\":5}"));
  }

  /** The parse only reads the size-capped body: it cannot block, so it runs on the caller's thread. */
  @Override
  public boolean interruptible() {
    return true;
  }

  @Override
  public List<RedactionRule> redactions() {
    return List.of(RedactionRule.of("/token"));
  }

  @Override
  public int maxBodyBytes() {
    return 64 * 1024;
  }
}
