package io.cynodeai.connector.spi.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Schema (draft 7) keywords the checker understands, with the shape each value must have to be
 * understood. A keyword with another shape, a keyword not listed, and every composition or reference keyword
 * is left to {@link #unanalyzedDifferences}, which only sees that it changed. Stateless and thread-safe.
 */
final class Keywords {
  /** Keywords that never change which documents are valid. */
  private static final Set<String> ANNOTATIONS =
      Set.of("title", "description", "default", "examples", "$comment", "readOnly", "writeOnly", "deprecated");

  private static final Predicate<JsonNode> NUMBER = JsonNode::isNumber;
  private static final Predicate<JsonNode> TEXT = JsonNode::isTextual;
  private static final Predicate<JsonNode> SCHEMA = Keywords::isSchema;

  private static final Map<String, Predicate<JsonNode>> SHAPES = Map.ofEntries(
      Map.entry("type", v -> v.isTextual() || isArrayOf(v, JsonNode::isTextual)),
      Map.entry("enum", JsonNode::isArray),
      Map.entry("const", v -> true),
      Map.entry("properties", v -> v.isObject() && v.properties().stream().allMatch(e -> isSchema(e.getValue()))),
      Map.entry("required", v -> isArrayOf(v, JsonNode::isTextual)),
      Map.entry("additionalProperties", SCHEMA),
      Map.entry("items", SCHEMA),
      Map.entry("maximum", NUMBER),
      Map.entry("exclusiveMaximum", NUMBER),
      Map.entry("minimum", NUMBER),
      Map.entry("exclusiveMinimum", NUMBER),
      Map.entry("multipleOf", v -> v.isNumber() && v.decimalValue().signum() > 0),
      Map.entry("maxLength", NUMBER),
      Map.entry("minLength", NUMBER),
      Map.entry("maxItems", NUMBER),
      Map.entry("minItems", NUMBER),
      Map.entry("maxProperties", NUMBER),
      Map.entry("minProperties", NUMBER),
      Map.entry("uniqueItems", JsonNode::isBoolean),
      Map.entry("pattern", TEXT),
      Map.entry("format", TEXT));

  private Keywords() {}

  /** Whether {@code node} can be a schema: an object, or {@code true} / {@code false}. */
  static boolean isSchema(JsonNode node) {
    return node.isObject() || node.isBoolean();
  }

  /** Whether {@code node} is the schema {@code false}, which accepts nothing. */
  static boolean isFalse(@Nullable JsonNode node) {
    return node != null && node.isBoolean() && !node.booleanValue();
  }

  /** Whether {@code node} is absent, {@code true} or {@code {}}: a schema that accepts anything. */
  static boolean acceptsAnything(@Nullable JsonNode node) {
    return node == null || (node.isBoolean() && node.booleanValue()) || (node.isObject() && node.isEmpty());
  }

  /** The keyword's value when the schema has it in an understood shape; otherwise null. */
  static @Nullable JsonNode get(JsonNode schema, String keyword) {
    JsonNode value = schema.get(keyword);
    return value != null && understood(keyword, value) ? value : null;
  }

  /** Whether neither schema has the keyword in a shape the checker does not understand. */
  static boolean analyzable(JsonNode older, JsonNode newer, String keyword) {
    return understoodOrAbsent(keyword, older.get(keyword)) && understoodOrAbsent(keyword, newer.get(keyword));
  }

  /**
   * The keywords, sorted, whose values differ between the two object schemas and that the checker cannot
   * analyse: annotations and {@code x-} extensions are ignored, understood keywords are compared elsewhere.
   */
  static List<String> unanalyzedDifferences(JsonNode older, JsonNode newer) {
    Set<String> names = new TreeSet<>();
    older.properties().forEach(e -> names.add(e.getKey()));
    newer.properties().forEach(e -> names.add(e.getKey()));
    List<String> differing = new ArrayList<>();
    for (String name : names) {
      if (ANNOTATIONS.contains(name) || name.startsWith("x-") || analyzable(older, newer, name)) {
        continue;
      }
      if (!Objects.equals(older.get(name), newer.get(name))) {
        differing.add(name);
      }
    }
    return differing;
  }

  private static boolean understoodOrAbsent(String keyword, @Nullable JsonNode value) {
    return value == null || understood(keyword, value);
  }

  private static boolean understood(String keyword, JsonNode value) {
    Predicate<JsonNode> shape = SHAPES.get(keyword);
    return shape != null && shape.test(value);
  }

  private static boolean isArrayOf(JsonNode value, Predicate<JsonNode> element) {
    if (!value.isArray()) {
      return false;
    }
    for (JsonNode item : value) {
      if (!element.test(item)) {
        return false;
      }
    }
    return true;
  }
}
