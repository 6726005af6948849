package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Turns a valid response into the handler results the fuzz checks feed the engine: the document itself (as a
 * tree or as raw JSON text) or one mutation of it. Deterministic for a given {@link Random}; not thread-safe.
 */
final class ResponseMutator {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Strings a careless provider sends: lone surrogates, controls, bidi overrides, non-characters, emoji. */
  private static final String[] ODD = {"\uD800", "\uDFFF", "a\u0000b", "\u202Eevil\u202C", "\uFEFF", "\uFFFF",
      "e\u0301\u0301\u0301", "\u2028\u2029", "\uD83D\uDE80\uD83D", "\u001B[31mred", "\\u0000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"};

  /** The kinds of case, as the report names them. */
  enum Kind {
    VALID("valid"), RAW_JSON("valid, as raw JSON text"), WRONG_TYPE("wrong type"),
    MISSING_FIELD("missing field"), EXTRA_FIELD("extra field"), HUGE_STRING("huge string"),
    HUGE_ARRAY("huge array"), DEEP_NESTING("deep nesting"), ODD_UNICODE("odd unicode"), NULL_VALUE("null value"),
    NOT_JSON("not JSON"), NO_RESULT("no result");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * One generated handler answer.
   *
   * @param kind how it was made
   * @param result what the handler returns; null for {@link Kind#NO_RESULT}
   * @param document the JSON document it holds, null when it holds none
   */
  record Case(Kind kind, @Nullable HandlerResult result, @Nullable JsonNode document) {}

  private final Random random;
  private final long cap;

  /** @param cap the response cap in bytes the huge mutations must exceed */
  ResponseMutator(Random random, long cap) {
    this.random = random;
    this.cap = cap;
  }

  /** A case of the given kind made from {@code valid} (not modified). */
  Case make(Kind kind, JsonNode valid) {
    JsonNode doc = valid.deepCopy();
    switch (kind) {
      case VALID:
        return tree(kind, doc);
      case RAW_JSON:
        return new Case(kind, HandlerResult.ofRawJson(doc.toString()), doc);
      case NOT_JSON: {
        String text = doc.toString();
        String[] broken = {text.substring(0, Math.max(0, text.length() / 2)), "<html>502 Bad Gateway</html>", "",
            text + "}", "{\"a\":NaN}", "{'single':'quotes'}"};
        return new Case(kind, HandlerResult.ofRawJson(broken[random.nextInt(broken.length)]), null);
      }
      case NO_RESULT:
        return new Case(kind, null, null);
      default:
        return tree(kind, mutate(kind, doc));
    }
  }

  private JsonNode mutate(Kind kind, JsonNode doc) {
    List<Slot> slots = slots(doc);
    Slot slot = slots.isEmpty() ? null : slots.get(random.nextInt(slots.size()));
    switch (kind) {
      case WRONG_TYPE:
        return replace(doc, slot, wrongTypeFor(slot == null ? doc : slot.value()));
      case NULL_VALUE:
        return replace(doc, slot, JSON.nullNode());
      case MISSING_FIELD: {
        Slot member = pick(slots, s -> s.parent() instanceof ObjectNode);
        if (member != null) {
          ((ObjectNode) member.parent()).remove(member.key());
        }
        return member == null ? JSON.objectNode() : doc;
      }
      case EXTRA_FIELD: {
        JsonNode target = slots.stream().map(Slot::value).filter(JsonNode::isObject).findFirst().orElse(doc);
        if (target instanceof ObjectNode object) {
          object.put("unexpected_" + random.nextInt(1000), odd());
          return doc;
        }
        return replace(doc, slot, JSON.objectNode().put("unexpected", true));
      }
      case HUGE_STRING: {
        Slot text = pick(slots, s -> s.value().isTextual());
        return replace(doc, text, JSON.textNode(huge()));
      }
      case HUGE_ARRAY: {
        Slot array = pick(slots, s -> s.value().isArray() && s.value().size() > 0);
        if (array == null && doc.isArray() && doc.size() > 0) {
          fill((ArrayNode) doc);
          return doc;
        }
        if (array == null) {
          ArrayNode bulk = JSON.arrayNode().add("item");
          fill(bulk);
          return replace(doc, slot, bulk);
        }
        fill((ArrayNode) array.value());
        return doc;
      }
      case DEEP_NESTING: {
        int depth = new int[] {64, 999, 1001, 5000}[random.nextInt(4)];
        JsonNode nested = JSON.textNode("bottom");
        for (int i = 0; i < depth; i++) {
          nested = i % 2 == 0 ? JSON.arrayNode().add(nested) : JSON.objectNode().set("n", nested);
        }
        return replace(doc, slot, nested);
      }
      case ODD_UNICODE: {
        Slot text = pick(slots, s -> s.value().isTextual());
        return replace(doc, text == null ? slot : text, JSON.textNode(odd() + odd()));
      }
      default:
        throw new IllegalArgumentException("not a mutation: " + kind);
    }
  }

  private static Case tree(Kind kind, JsonNode doc) {
    return new Case(kind, HandlerResult.of(doc), doc);
  }

  /** Grows the array past the cap by repeating its elements. */
  private void fill(ArrayNode array) {
    List<JsonNode> seed = new ArrayList<>();
    array.forEach(seed::add);
    long size = array.toString().length();
    long per = Math.max(2, size / Math.max(1, seed.size()));
    long needed = cap / per + 1 + random.nextInt(64);
    for (long i = 0; i < needed && i < 2_000_000; i++) {
      array.add(seed.get((int) (i % seed.size())).deepCopy());
    }
  }

  private String huge() {
    StringBuilder text = new StringBuilder((int) cap + 64);
    String unit = random.nextBoolean() ? "abcdefgh" : "ab\uD83D\uDE80é日";
    while (text.length() <= cap) {
      text.append(unit);
    }
    return text.toString();
  }

  private String odd() {
    return ODD[random.nextInt(ODD.length)];
  }

  private JsonNode wrongTypeFor(JsonNode value) {
    if (value.isTextual()) {
      return random.nextBoolean() ? JSON.numberNode(42) : JSON.arrayNode().add(value.textValue());
    }
    if (value.isNumber()) {
      return random.nextBoolean() ? JSON.textNode(value.asText()) : JSON.booleanNode(true);
    }
    if (value.isBoolean()) {
      return JSON.textNode(value.asText());
    }
    if (value.isArray()) {
      return JSON.objectNode().set("items", value);
    }
    if (value.isObject()) {
      return JSON.arrayNode().add(value);
    }
    return JSON.numberNode(random.nextInt(10));
  }

  /** Replaces the slot's value, or the whole document when there is no slot. */
  private static JsonNode replace(JsonNode doc, @Nullable Slot slot, JsonNode value) {
    if (slot == null) {
      return value;
    }
    if (slot.parent() instanceof ObjectNode object) {
      object.set(slot.key(), value);
    } else {
      ((ArrayNode) slot.parent()).set(slot.index(), value);
    }
    return doc;
  }

  private @Nullable Slot pick(List<Slot> slots, java.util.function.Predicate<Slot> which) {
    List<Slot> matching = slots.stream().filter(which).toList();
    return matching.isEmpty() ? null : matching.get(random.nextInt(matching.size()));
  }

  /** Every value below the root, with where it sits. */
  private static List<Slot> slots(JsonNode doc) {
    List<Slot> out = new ArrayList<>();
    collect(doc, out);
    return out;
  }

  private static void collect(JsonNode node, List<Slot> out) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(new Slot(object, e.getKey(), -1, e.getValue()));
        collect(e.getValue(), out);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        out.add(new Slot(array, null, i, array.get(i)));
        collect(array.get(i), out);
      }
    }
  }

  /** A value and its place: a member of an object, or an element of an array. */
  private record Slot(JsonNode parent, @Nullable String key, int index, JsonNode value) {}
}
