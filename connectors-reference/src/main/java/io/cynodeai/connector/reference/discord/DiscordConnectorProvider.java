package io.cynodeai.connector.reference.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;

/**
 * The {@code discord} connector type: sends and reads channel messages through Discord's REST API v10 as a
 * bot, with the bot token leased as the secret {@code token} ({@code Authorization: Bot <token>}).
 *
 * <ul>
 *   <li>{@code createMessage} ({@code POST /channels/{id}/messages}) is mutating and never retried. Calls
 *       must carry an idempotency key, which the engine deduplicates by (§2.3). The handler never sees that
 *       key, so Discord's own deduplication is the caller's choice: a {@code nonce} in the input is sent with
 *       {@code enforce_nonce}, and Discord answers a repeat from the same bot within a few minutes with the
 *       message it already created.
 *   <li>{@code getChannelMessages} ({@code GET /channels/{id}/messages}) reads up to 100 messages before or
 *       after a message id; retried on transient failures.
 * </ul>
 *
 * Rate limits map onto the engine's quota state: a 429 (per route or global, with {@code retry_after} in its
 * body) is rate limited for that delay; a success that leaves its bucket empty ({@code X-RateLimit-Remaining:
 * 0}) reports {@code X-RateLimit-Reset-After} to the engine with a warning. Discord's buckets are per route,
 * but the engine's quota state is per instance: an instance is held as a whole, which is conservative. With
 * {@link #redactingMessageBodies()} the engine redacts every message's {@code content}.
 *
 * <p>Inbound: the {@code interactions} webhook subscription ({@link DiscordInteractions}) receives Discord's
 * interaction requests, verified with Ed25519 against the instance's {@code application_public_key}.
 *
 * <p>Thread-safe and stateless: {@link #type()} builds a fresh descriptor, and the handlers keep no state.
 */
public final class DiscordConnectorProvider implements ConnectorProvider {
  /** The connector type name. */
  public static final String TYPE = "discord";
  /** The connector type version. */
  public static final String VERSION = "1.1.0";
  /** The operations' timeout cap. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private final boolean redactMessageBodies;

  /** The provider {@link java.util.ServiceLoader} creates: answers carry message contents. */
  public DiscordConnectorProvider() {
    this(false);
  }

  private DiscordConnectorProvider(boolean redactMessageBodies) {
    this.redactMessageBodies = redactMessageBodies;
  }

  /**
   * A provider whose type redacts message contents ({@code /content}, {@code /messages/&#42;/content}) from
   * every answer. Register it instead of discovering the default one.
   */
  public static DiscordConnectorProvider redactingMessageBodies() {
    return new DiscordConnectorProvider(true);
  }

  @Override
  public ConnectorType type() {
    DiscordOperations operations = new DiscordOperations();
    OperationDescriptor.Builder create = OperationDescriptor.builder("createMessage")
        .examples(resource("createMessage.examples.json"))
        .description("Sends a message to a channel, optionally as a reply to another message.")
        .modes(ExecutionMode.SYNC)
        .maxTimeout(MAX_TIMEOUT)
        .mutating(true)
        .supportsIdempotency(true)
        .retry(RetryPolicy.none())
        .maxRequestBytes(16 * 1024)
        .requestSchema(resource("createMessage.request.schema.json"))
        .responseSchema(resource("message.schema.json"))
        .handler(operations::createMessage);
    OperationDescriptor.Builder read = OperationDescriptor.builder("getChannelMessages")
        .examples(resource("getChannelMessages.examples.json"))
        .description("Reads up to 100 of a channel's messages, newest first, before or after a message id.")
        .modes(ExecutionMode.SYNC)
        .maxTimeout(MAX_TIMEOUT)
        .mutating(false)
        .supportsIdempotency(false)
        .retry(RetryPolicy.exponential(3).withDelays(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .maxResponseBytes(2 * 1024 * 1024)
        .requestSchema(resource("getChannelMessages.request.schema.json"))
        .responseSchema(resource("messages.schema.json"))
        .handler(operations::getChannelMessages);
    if (redactMessageBodies) {
      create.redact("/content");
      read.redact("/messages/*/content");
    }
    return ConnectorType.builder(TYPE, VERSION)
        .credentialKey("token", "the bot token (sent as \"Authorization: Bot <token>\")", true)
        .description("Sends and reads channel messages as a Discord bot (REST API v10).")
        .configSchema("1", resource("config.schema.json"))
        .operation(create)
        .operation(read)
        .healthCheck(new DiscordHealthCheck())
        .webhooks(new DiscordInteractions())
        .build();
  }

  private static JsonNode resource(String path) {
    return JsonResources.load(DiscordConnectorProvider.class, path);
  }
}
