package io.cynodeai.connector.reference.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;

/**
 * The {@code mattermost} connector type: posts to and reads channels of one Mattermost server through its
 * REST API v4, with a personal access or bot token leased as the secret {@code token}.
 *
 * <ul>
 *   <li>{@code postMessage} ({@code POST /api/v4/posts}) creates a post or a reply. It is mutating and never
 *       retried: Mattermost has no idempotency key, so a post whose answer was lost may exist, and sending it
 *       again could post it twice. Calls must carry an idempotency key, which the engine deduplicates by
 *       (§2.3): a repeated call with the same key replays the first outcome without posting again. Together
 *       that is at-most-once per key, not exactly-once: a post whose answer was lost fails and is not
 *       repeated.
 *   <li>{@code readChannelHistory} ({@code GET /api/v4/channels/{id}/posts}) reads posts since a time, or a
 *       page of them; retried on transient failures.
 * </ul>
 *
 * A 429 is rate limited until Mattermost's {@code X-Ratelimit-Reset}; the engine records it as the instance's
 * quota state, so further calls wait for the reset or fail fast. A 401 rejects the token. With {@link
 * #redactingMessageBodies()} the engine replaces every message body in answers with {@code [REDACTED]} and
 * lists it in {@code redactions_applied}.
 *
 * <p>Thread-safe and stateless: {@link #type()} builds a fresh descriptor, and the handlers keep no state.
 */
public final class MattermostConnectorProvider implements ConnectorProvider {
  /** The connector type name. */
  public static final String TYPE = "mattermost";
  /** The connector type version. */
  public static final String VERSION = "1.0.0";
  /** The operations' timeout cap. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private final boolean redactMessageBodies;

  /** The provider {@link java.util.ServiceLoader} creates: answers carry message bodies. */
  public MattermostConnectorProvider() {
    this(false);
  }

  private MattermostConnectorProvider(boolean redactMessageBodies) {
    this.redactMessageBodies = redactMessageBodies;
  }

  /**
   * A provider whose type redacts message bodies ({@code /message}, {@code /posts/&#42;/message}) from every
   * answer, for hosts whose callers may act on channels but must not read what is said in them. Register it
   * instead of discovering the default one.
   */
  public static MattermostConnectorProvider redactingMessageBodies() {
    return new MattermostConnectorProvider(true);
  }

  @Override
  public ConnectorType type() {
    MattermostOperations operations = new MattermostOperations();
    OperationDescriptor.Builder post = OperationDescriptor.builder("postMessage")
        .examples(resource("postMessage.examples.json"))
        .description("Posts a message to a channel, or a reply to a thread when root_id is given.")
        .modes(ExecutionMode.SYNC)
        .maxTimeout(MAX_TIMEOUT)
        .mutating(true)
        .supportsIdempotency(true)
        .retry(RetryPolicy.none())
        .maxRequestBytes(64 * 1024)
        .requestSchema(resource("postMessage.request.schema.json"))
        .responseSchema(resource("post.schema.json"))
        .handler(operations::postMessage);
    OperationDescriptor.Builder read = OperationDescriptor.builder("readChannelHistory")
        .examples(resource("readChannelHistory.examples.json"))
        .description("Reads a channel's posts created or changed since a time, or one page of them, newest first.")
        .modes(ExecutionMode.SYNC)
        .maxTimeout(MAX_TIMEOUT)
        .mutating(false)
        .supportsIdempotency(false)
        .retry(RetryPolicy.exponential(3).withDelays(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .maxResponseBytes(4 * 1024 * 1024)
        .requestSchema(resource("readChannelHistory.request.schema.json"))
        .responseSchema(resource("postList.schema.json"))
        .handler(operations::readChannelHistory);
    if (redactMessageBodies) {
      post.redact("/message");
      read.redact("/posts/*/message");
    }
    return ConnectorType.builder(TYPE, VERSION)
        .credentialKey("token", "a personal access or bot token (sent as a bearer token)", true)
        .description("Posts to and reads channels of a Mattermost server (REST API v4).")
        .configSchema("1", resource("config.schema.json"))
        .operation(post)
        .operation(read)
        .healthCheck(new MattermostHealthCheck())
        .build();
  }

  private static JsonNode resource(String path) {
    return JsonResources.load(MattermostConnectorProvider.class, path);
  }
}
