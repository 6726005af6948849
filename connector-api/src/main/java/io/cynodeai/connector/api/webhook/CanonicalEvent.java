package io.cynodeai.connector.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one internal format every inbound event is delivered in (§11), whatever the provider: who sent it
 * (instance, type, subscription), its provider event id (unique per instance and subscription, the
 * deduplication key), what happened, when, and its data with the connector's redaction rules applied.
 * Immutable.
 *
 * @param eventId the provider's event id
 * @param instanceId the instance whose endpoint received it
 * @param connectorType the instance's connector type
 * @param subscription the subscription it came through
 * @param type what happened, in the connector's vocabulary
 * @param occurredAt when the provider says it happened, or null
 * @param receivedAt when the host received the delivery
 * @param data the payload, redacted
 * @param redactionsApplied the concrete JSON Pointers that were redacted in {@code data}
 */
public record CanonicalEvent(String eventId, String instanceId, String connectorType, String subscription,
    String type, @Nullable Instant occurredAt, Instant receivedAt, JsonNode data,
    java.util.List<String> redactionsApplied) {
  public CanonicalEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(receivedAt, "receivedAt");
    data = Objects.requireNonNull(data, "data").deepCopy();
    redactionsApplied = java.util.List.copyOf(redactionsApplied);
  }

  @Override
  public JsonNode data() {
    return data.deepCopy();
  }
}
