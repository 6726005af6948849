package io.cynodeai.connector.spi.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a connector made of one verified delivery: its events (usually one), and the JSON the host should
 * answer the provider with, when the provider expects one (Discord's PING wants {@code {"type":1}}).
 * Immutable.
 */
public record ParsedDelivery(List<InboundEvent> events, @Nullable JsonNode reply) {
  public ParsedDelivery {
    events = List.copyOf(events);
    reply = reply == null ? null : reply.deepCopy();
  }

  /** One event, no reply body. */
  public static ParsedDelivery of(InboundEvent event) {
    return new ParsedDelivery(List.of(event), null);
  }
}
