package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON-lines protocol between parent and child: one JSON object per line, each with a {@code type}.
 * Parent to child: {@code describe}, {@code invoke}, {@code http_response}, {@code http_failure},
 * {@code credentials}. Child to parent: {@code descriptor}, {@code http}, {@code credentials}, {@code result},
 * {@code error}. Stateless and thread-safe.
 */
public final class Messages {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Messages() {}

  static ObjectNode of(String type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", type);
    return node;
  }

  static String line(JsonNode message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (IOException e) {
      throw new IllegalStateException("a message could not be written", e);
    }
  }

  /** Parses one line; anything but a JSON object with a textual {@code type} is a protocol error. */
  static JsonNode parse(String line) throws ProtocolException {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new ProtocolException("a line from the sandbox is not JSON");
    }
    if (node == null || !node.isObject() || !node.path("type").isTextual()) {
      throw new ProtocolException("a message from the sandbox has no type");
    }
    return node;
  }

  /** A message broke the protocol. */
  static final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message, null, false, false);
    }
  }
}
