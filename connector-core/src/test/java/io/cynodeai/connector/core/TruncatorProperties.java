package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.core.internal.normalize.Truncator;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Tag;

/**
 * Truncation invariants over random documents: the result never exceeds the cap, keeps the root type,
 * leaves documents that fit untouched, and never modifies its input. A failure prints the seed to rerun.
 */
class TruncatorProperties {

  @Property(tries = 300)
  @Tag("REQ-NORM-002")
  void truncatedDocumentsFitTheCapAndKeepTheirRootType(
      @ForAll("documents") JsonNode doc, @ForAll @IntRange(min = 2, max = 4000) int cap) {
    String before = doc.toString();
    Truncator.Truncated t = Truncator.truncate(doc, cap);
    long size = JsonTrees.sizeOf(t.data());
    assertThat(doc.toString()).isEqualTo(before);
    assertThat(t.size()).isEqualTo(size);
    if (JsonTrees.sizeOf(doc) <= cap) {
      assertThat(t.truncated()).isFalse();
      assertThat(t.data()).isSameAs(doc);
    } else {
      assertThat(t.truncated()).isTrue();
      assertThat(size).isLessThanOrEqualTo(Math.max(cap, 2));
      assertThat(t.data().getNodeType()).isEqualTo(doc.getNodeType());
    }
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    return Arbitraries.lazyOf(() -> value(3)).filter(n -> n.isContainerNode());
  }

  private Arbitrary<JsonNode> value(int depth) {
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300).map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
        Arbitraries.integers().map(i -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
        Arbitraries.of(true, false).map(b -> (JsonNode) JsonNodeFactory.instance.booleanNode(b)));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> array = value(depth - 1).list().ofMaxSize(12).map(items -> {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      items.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
        value(depth - 1)).ofMaxSize(8).map(m -> {
          ObjectNode o = JsonNodeFactory.instance.objectNode();
          m.forEach(o::set);
          return o;
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, array), net.jqwik.api.Tuple.of(2, object));
  }
}
