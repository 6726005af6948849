package io.cynodeai.connector.api.poll;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Events one poll of an instance found, handed to the host's subscriber in the order the connector returned
 * them. Delivery is at least once: the instance's cursor moves past these events only after the subscriber
 * returned normally, so a subscriber that throws (or a crash before the cursor is stored) sees them again.
 * Immutable.
 *
 * @param instanceId the polled instance
 * @param connectorType its connector type
 * @param events the events, as the connector type shapes them
 * @param notes what the connector reported about the poll (a reset cursor, say)
 */
public record PolledEvents(String instanceId, String connectorType, List<JsonNode> events, List<String> notes) {
  public PolledEvents {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(connectorType, "connectorType");
    events = List.copyOf(events);
    notes = List.copyOf(notes);
  }
}
