package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  private static ObjectNode bigResponse(int items) {
    ObjectNode data = (ObjectNode) json("{\"text\":\"hello\",\"secret\":\"s3cr3t\"}");
    ArrayNode array = data.putArray("items");
    for (int i = 0; i < items; i++) {
      array.addObject().put("id", i).put("body", "x".repeat(40)).put("token", "t-" + i);
    }
    return data;
  }

  private static NormalizedResponse invoke(ConnectorType type, java.util.function.Consumer<EngineBuilder> c) {
    try (EngineHarness h = new EngineHarness(type, c)) {
      return ((Succeeded) h.invoke("echo", "{\"text\":\"hi\"}")).response();
    }
  }

  @Test
  @Tag("REQ-NORM-003")
  void redactionRulesReplaceValuesAndListEveryConcretePointer() {
    ObjectNode data = bigResponse(2);
    ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(data))
        .redact("/secret").redact("/items/*/token").redact("/absent")).build();
    NormalizedResponse r = invoke(type, b -> {});
    assertThat(r.redactionsApplied()).containsExactly("/secret", "/items/0/token", "/items/1/token");
    assertThat(r.data().at("/secret").asText()).isEqualTo("[REDACTED]");
    assertThat(r.data().at("/items/1/token").asText()).isEqualTo("[REDACTED]");
    assertThat(r.data().at("/items/1/body").asText()).isEqualTo("x".repeat(40));
    assertThat(data.at("/secret").asText()).as("the handler's tree is not modified").isEqualTo("s3cr3t");
  }

  @Test
  @Tag("REQ-NORM-002")
  void responseAboveTheOperationCapIsTruncatedAndFlagged() {
    ObjectNode data = bigResponse(100);
    ConnectorType type = TestTypes.type("echo",
        TestTypes.echo((ctx, in) -> HandlerResult.of(data)).maxResponseBytes(1000)).build();
    NormalizedResponse r = invoke(type, b -> {});
    assertThat(r.truncated()).isTrue();
    assertThat(JsonTrees.sizeOf(r.data())).isLessThanOrEqualTo(1000);
    assertThat(r.data().get("items").size()).isBetween(1, 99);
    assertThat(r.data().get("text").asText()).isEqualTo("hello");
    assertThat(r.warnings()).singleElement().asString().endsWith("to fit the response cap of 1000 bytes");
  }

  @Test
  @Tag("REQ-NORM-002")
  void engineWideCapAppliesWhenItIsSmallerThanTheOperationCap() {
    ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(bigResponse(100))))
        .build();
    NormalizedResponse r = invoke(type, b -> b.limits(l -> l.withMaxResponseBytes(500)));
    assertThat(r.truncated()).isTrue();
    assertThat(JsonTrees.sizeOf(r.data())).isLessThanOrEqualTo(500);
  }

  @Test
  @Tag("REQ-NORM-001")
  void responseWithinCapsIsUntouchedAndSerializesWithTheSpecFieldNames() throws Exception {
    ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build();
    NormalizedResponse r = invoke(type, b -> {});
    assertThat(r.truncated()).isFalse();
    assertThat(r.warnings()).isEmpty();
    var tree = JsonTrees.MAPPER.valueToTree(r);
    assertThat(tree.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("metadata", "data", "warnings", "redactions_applied", "truncated");
    assertThat(tree.get("metadata").fieldNames()).toIterable().contains("request_id", "correlation_id",
        "connector_instance_id", "connector_type_version", "execution_mode", "retry_count", "duration_ms");
  }
}
