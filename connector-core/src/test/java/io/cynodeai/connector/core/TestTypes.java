package io.cynodeai.connector.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;

/** Connector types for engine tests. */
final class TestTypes {
  static final JsonNode CONFIG_SCHEMA = JsonResources.parse("""
      {"type":"object","required":["endpoint"],"additionalProperties":false,
       "properties":{"endpoint":{"type":"string","minLength":1},"limit":{"type":"integer","maximum":100}}}""");
  static final JsonNode ECHO_REQUEST = JsonResources.parse("""
      {"type":"object","required":["text"],"additionalProperties":false,
       "properties":{"text":{"type":"string","maxLength":5000},"count":{"type":"integer","minimum":0}}}""");
  static final JsonNode ECHO_RESPONSE = JsonResources.parse("""
      {"type":"object","required":["text"],
       "properties":{"text":{"type":"string"},"secret":{"type":"string"},"items":{"type":"array"}}}""");

  private TestTypes() {}

  static OperationDescriptor.Builder echo(OperationHandler handler) {
    return OperationDescriptor.builder("echo")
        .modes(ExecutionMode.SYNC)
        .requestSchema(ECHO_REQUEST)
        .responseSchema(ECHO_RESPONSE)
        .handler(handler);
  }

  static ConnectorType.Builder type(String name, OperationDescriptor.Builder... ops) {
    ConnectorType.Builder b = ConnectorType.builder(name, "1.0.0").configSchema("1", CONFIG_SCHEMA);
    for (OperationDescriptor.Builder op : ops) {
      b.operation(op);
    }
    return b;
  }
}
