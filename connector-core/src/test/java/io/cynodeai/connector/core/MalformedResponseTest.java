package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.internal.normalize.NestingLimit;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import org.junit.jupiter.api.Test;

/**
 * Handler answers the testkit's response fuzzing found mishandled: a tree nested deep enough to overflow the
 * stack of whatever walked it, and raw JSON with trailing content. Both are typed permanent failures, audited.
 */
class MalformedResponseTest {

  @Test
  void aTreeNestedPastTheLimitFailsResponseTooDeepInsteadOfOverflowingTheStack() {
    Outcome outcome = invoke(HandlerResult.of(nested(20_000)));

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(((Failed) outcome).code()).isEqualTo("response_too_deep");
  }

  @Test
  void aTreeAtTheLimitIsStillNormalized() {
    Outcome outcome = invoke(HandlerResult.of(nested(NestingLimit.MAX_DEPTH - 1)));

    assertThat(outcome).isInstanceOf(Succeeded.class);
  }

  @Test
  void rawJsonWithTrailingContentIsNotJson() {
    Outcome outcome = invoke(HandlerResult.ofRawJson("{\"text\":\"hi\"}}"));

    assertThat(((Failed) outcome).code()).isEqualTo("response_not_json");
  }

  @Test
  void nestingIsMeasuredWithoutRecursion() {
    assertThat(NestingLimit.depth(nested(100_000), NestingLimit.MAX_DEPTH)).isEqualTo(NestingLimit.MAX_DEPTH + 1);
    assertThat(NestingLimit.depth(nested(3), 10)).isEqualTo(4);
    assertThat(NestingLimit.depth(JsonNodeFactory.instance.textNode("x"), 10)).isZero();
  }

  /** {"text":"hi","items":[[[...]]]}: the root object and {@code depth} arrays below it. */
  private static JsonNode nested(int depth) {
    JsonNode inner = JsonNodeFactory.instance.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      inner = JsonNodeFactory.instance.arrayNode().add(inner);
    }
    return JsonNodeFactory.instance.objectNode().put("text", "hi").set("items", inner);
  }

  private static Outcome invoke(HandlerResult result) {
    ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> result)).build();
    try (EngineHarness h = new EngineHarness(type, b -> {})) {
      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");
      assertThat(h.audit.events()).anyMatch(e -> e.errorCode() == null
          ? outcome.succeeded() : e.errorCode().equals(((Failed) outcome).code()));
      return outcome;
    }
  }
}
