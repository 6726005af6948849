package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;

/** An in-memory connector type, {@code notes}, that needs no network, and variants of its operations. */
final class TestConnectors {
  static final JsonNode CONFIG = json("{\"greeting\":\"Hello\"}");
  static final JsonNode CONFIG_SCHEMA = json("""
      {"type":"object","required":["greeting"],"additionalProperties":false,
       "properties":{"greeting":{"type":"string","minLength":1}}}""");
  static final JsonNode TEXT_REQUEST = json("""
      {"type":"object","required":["text"],"additionalProperties":false,
       "properties":{"text":{"type":"string"}}}""");
  static final JsonNode TEXT_RESPONSE = json("""
      {"type":"object","required":["text"],"properties":{"text":{"type":"string"}}}""");
  static final JsonNode LENGTH_RESPONSE = json("""
      {"type":"object","required":["length"],"properties":{"length":{"type":"integer"}}}""");

  private TestConnectors() {}

  /** Greets the text with the instance's configured greeting; retried up to 3 times. */
  static OperationDescriptor.Builder greet() {
    return OperationDescriptor.builder("greet")
        .modes(ExecutionMode.SYNC)
        .requestSchema(TEXT_REQUEST)
        .responseSchema(TEXT_RESPONSE)
        .retry(RetryPolicy.exponential(3))
        .example("hello", json("{\"text\":\"Ada\"}"), json("{\"text\":\"Hello, Ada\"}"))
        .handler((ctx, in) -> HandlerResult.of(JsonNodeFactory.instance.objectNode()
            .put("text", ctx.config().get("greeting").asText() + ", " + in.get("text").asText())));
  }

  /** Counts the characters of the text; never retried. */
  static OperationDescriptor.Builder count() {
    return countWithoutExamples().example("five", json("{\"text\":\"hello\"}"), json("{\"length\":5}"));
  }

  static OperationDescriptor.Builder countWithoutExamples() {
    return OperationDescriptor.builder("count")
        .modes(ExecutionMode.SYNC)
        .requestSchema(TEXT_REQUEST)
        .responseSchema(LENGTH_RESPONSE)
        .handler((ctx, in) -> HandlerResult.of(JsonNodeFactory.instance.objectNode()
            .put("length", in.get("text").asText().length())));
  }

  static ConnectorType notes(OperationDescriptor.Builder... operations) {
    ConnectorType.Builder type = ConnectorType.builder("notes", "1.0.0").configSchema("1", CONFIG_SCHEMA);
    for (OperationDescriptor.Builder op : operations) {
      type.operation(op);
    }
    return type.build();
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }
}
