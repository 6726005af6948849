package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.cynodeai.connector.core.internal.normalize.Truncator;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The size bound the plain-JSON walk computes, so that documents within their cap are never serialized just
 * to be measured: over random documents (any chars, control chars and lone surrogates included, every number
 * type) it is never below the exact size, and truncating with it gives what truncating without it gives. A
 * failure prints the seed to rerun.
 */
class SizeBoundProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Property(tries = 500)
  void theBoundIsNeverBelowTheSerializedSize(@ForAll("documents") JsonNode doc) {
    assertThat(JsonTrees.plainSizeBound(doc)).isGreaterThanOrEqualTo(JsonTrees.sizeOf(doc));
  }

  @Property(tries = 300)
  void truncatingWithTheBoundGivesTheSameDocument(@ForAll("documents") JsonNode doc,
      @ForAll @IntRange(min = 2, max = 4000) int cap) {
    Truncator.Truncated plain = Truncator.truncate(doc, cap);
    Truncator.Truncated bounded = Truncator.truncate(doc, cap, JsonTrees.plainSizeBound(doc));

    assertThat(bounded.truncated()).isEqualTo(plain.truncated());
    assertThat(bounded.data()).isEqualTo(plain.data());
    if (plain.truncated()) {
      assertThat(bounded.size()).isEqualTo(plain.size());
    } else {
      assertThat(bounded.size()).isGreaterThanOrEqualTo(plain.size());
    }
  }

  @Example
  void aTreeHoldingAPojoIsNotPlainJson() {
    ObjectNode doc = F.objectNode();
    doc.set("pojo", new POJONode(new Object()));

    assertThat(JsonTrees.plainSizeBound(doc)).isEqualTo(-1);
    assertThat(JsonTrees.plainSizeBound(F.missingNode())).isEqualTo(-1);
    assertThat(JsonTrees.plainSizeBound(F.objectNode().put("a", "b"))).isEqualTo(9);
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    return Arbitraries.lazyOf(() -> value(3));
  }

  private Arbitrary<JsonNode> value(int depth) {
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200).map(s -> (JsonNode) F.textNode(s)),
        Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
        Arbitraries.integers().map(i -> (JsonNode) F.numberNode(i)),
        Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d)),
        Arbitraries.floats().map(f -> (JsonNode) F.numberNode(f)),
        Arbitraries.bigDecimals().map(b -> (JsonNode) F.numberNode(b)),
        Arbitraries.of(new BigDecimal("1E+400"), new BigDecimal("-0.000000000001"))
            .map(b -> (JsonNode) F.numberNode(b)),
        Arbitraries.bigIntegers().map(b -> (JsonNode) F.numberNode(b.multiply(BigInteger.TEN.pow(30)))),
        Arbitraries.of(F.booleanNode(true), F.booleanNode(false), F.nullNode()));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> array = value(depth - 1).list().ofMaxSize(10).map(items -> {
      ArrayNode a = F.arrayNode();
      items.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(8), value(depth - 1))
        .ofMaxSize(8).map(m -> {
          ObjectNode o = F.objectNode();
          m.forEach(o::set);
          return o;
        });
    return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(2, array), Tuple.of(2, object));
  }
}
