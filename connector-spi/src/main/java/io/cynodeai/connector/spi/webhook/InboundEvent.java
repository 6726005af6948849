package io.cynodeai.connector.spi.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event a connector found in a verified delivery, before the engine turns it into the canonical event
 * format. Immutable (the data is copied).
 *
 * @param id the provider's event id, stable across redeliveries of the same event; the engine deduplicates by it
 * @param type what happened, in the connector's vocabulary ({@code message.posted}, {@code interaction.ping})
 * @param occurredAt when the provider says it happened, or null when it does not say
 * @param data the event's payload as JSON; the source's redaction rules are applied to it
 */
public record InboundEvent(String id, String type, @Nullable Instant occurredAt, JsonNode data) {
  public InboundEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    data = Objects.requireNonNull(data, "data").deepCopy();
    if (id.isBlank()) {
      throw new IllegalArgumentException("an inbound event needs an id");
    }
  }
}
