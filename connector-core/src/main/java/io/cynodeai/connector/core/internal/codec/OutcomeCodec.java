package io.cynodeai.connector.core.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.internal.schema.JsonTrees;

/**
 * Writes an {@link Outcome} as one JSON document ({@code {"succeeded": envelope}} or {@code {"failed":
 * failure}}, snake_case) and reads it back equal. Thread-safe.
 */
public final class OutcomeCodec {
  /** Instants and durations as ISO-8601 text, so they round-trip to the nanosecond. */
  public static final ObjectMapper MAPPER = JsonTrees.MAPPER.copy()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private OutcomeCodec() {}

  public static String write(Outcome outcome) {
    ObjectNode root = MAPPER.createObjectNode();
    if (outcome instanceof Succeeded s) {
      root.set("succeeded", MAPPER.valueToTree(s.response()));
    } else {
      root.set("failed", MAPPER.valueToTree((Failed) outcome));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new ConnectorException("cannot serialize an outcome", e);
    }
  }

  public static Outcome read(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root.has("succeeded")) {
        return new Succeeded(MAPPER.treeToValue(root.get("succeeded"), NormalizedResponse.class));
      }
      return MAPPER.treeToValue(root.get("failed"), Failed.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new ConnectorException("stored outcome is not readable: " + e.getMessage(), e);
    }
  }
}
