package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one poll found: the events in delivery order, the cursor to store once they are delivered (null keeps
 * the current one) and notes for the host (a reset cursor, say). Immutable.
 */
public record PollResult(List<JsonNode> events, @Nullable String nextCursor, List<String> notes) {
  public PollResult {
    events = events.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
    notes = List.copyOf(notes);
  }

  /** Nothing new; the cursor stays. */
  public static PollResult nothing() {
    return new PollResult(List.of(), null, List.of());
  }
}
