package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates JSON documents from a JSON Schema (draft 7): types and type unions, {@code enum}, {@code const},
 * {@code properties} with {@code required}, {@code additionalProperties}, {@code items}, length and count
 * bounds, numeric bounds, common {@code format}s, local {@code $ref}s, {@code anyOf}/{@code oneOf} (one
 * branch) and {@code allOf} (merged). It does not solve {@code pattern}, {@code not} or {@code if}: callers
 * validate what it makes and discard what the schema refuses. Deterministic for a given {@link Random}; not
 * thread-safe (the random is not).
 */
final class SchemaSampler {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 12;
  private static final String[] WORDS = {"alpha", "deploy", "über", "日本", "x", "", "a b", "O'Brien", "\"quoted\"",
      "line\nbreak", "emoji \uD83D\uDE80", "tab\tsep"};

  private final JsonNode root;
  private final Random random;

  SchemaSampler(JsonNode root, Random random) {
    this.root = root;
    this.random = random;
  }

  /** A document the schema most likely accepts. */
  JsonNode sample() {
    return sample(root, 0);
  }

  private JsonNode sample(JsonNode schema, int depth) {
    JsonNode s = resolve(schema);
    if (s.isBoolean()) {
      return s.booleanValue() ? JSON.textNode("anything") : JSON.nullNode();
    }
    if (s.has("const")) {
      return s.get("const").deepCopy();
    }
    if (s.path("enum").isArray() && s.get("enum").size() > 0) {
      return s.get("enum").get(random.nextInt(s.get("enum").size())).deepCopy();
    }
    for (String union : List.of("anyOf", "oneOf")) {
      if (s.path(union).isArray() && s.get(union).size() > 0) {
        ObjectNode merged = without(s, union);
        merge(merged, resolve(s.get(union).get(random.nextInt(s.get(union).size()))));
        return sample(merged, depth);
      }
    }
    if (s.path("allOf").isArray()) {
      ObjectNode merged = without(s, "allOf");
      s.get("allOf").forEach(part -> merge(merged, resolve(part)));
      return sample(merged, depth);
    }
    return switch (pickType(s, depth)) {
      case "object" -> object(s, depth);
      case "array" -> array(s, depth);
      case "string" -> string(s);
      case "integer" -> JSON.numberNode(integer(s));
      case "number" -> JSON.numberNode(integer(s) + (s.has("multipleOf") ? 0 : random.nextInt(100) / 100.0));
      case "boolean" -> JSON.booleanNode(random.nextBoolean());
      default -> JSON.nullNode();
    };
  }

  private String pickType(JsonNode s, int depth) {
    JsonNode type = s.get("type");
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    if (type != null && type.isArray() && type.size() > 0) {
      List<String> types = new ArrayList<>();
      type.forEach(t -> types.add(t.asText()));
      if (depth >= MAX_DEPTH && types.contains("null")) {
        return "null";
      }
      return types.get(random.nextInt(types.size()));
    }
    if (s.has("properties") || s.has("required") || s.has("additionalProperties")) {
      return "object";
    }
    if (s.has("items")) {
      return "array";
    }
    String[] any = {"string", "integer", "boolean", "null", "object", "array"};
    return any[random.nextInt(depth >= MAX_DEPTH ? 4 : any.length)];
  }

  private ObjectNode object(JsonNode s, int depth) {
    ObjectNode out = JSON.objectNode();
    List<String> required = new ArrayList<>();
    s.path("required").forEach(r -> required.add(r.asText()));
    JsonNode properties = s.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      if (required.contains(p.getKey()) || (depth < MAX_DEPTH && random.nextBoolean())) {
        out.set(p.getKey(), sample(p.getValue(), depth + 1));
      }
    }
    for (String name : required) {
      if (!out.has(name)) {
        out.set(name, sample(JSON.objectNode(), depth + 1));
      }
    }
    JsonNode additional = s.get("additionalProperties");
    boolean open = additional == null || !(additional.isBoolean() && !additional.booleanValue());
    if (open && depth < MAX_DEPTH && random.nextInt(4) == 0) {
      out.set("extra" + random.nextInt(100), additional == null || additional.isBoolean()
          ? JSON.textNode(word()) : sample(additional, depth + 1));
    }
    return out;
  }

  private ArrayNode array(JsonNode s, int depth) {
    ArrayNode out = JSON.arrayNode();
    int min = s.path("minItems").asInt(0);
    int max = s.has("maxItems") ? s.get("maxItems").asInt() : min + 4;
    int count = depth >= MAX_DEPTH ? min : min + random.nextInt(Math.max(1, Math.min(max, min + 4) - min + 1));
    JsonNode items = s.get("items");
    for (int i = 0; i < count; i++) {
      JsonNode itemSchema = items == null ? JSON.objectNode()
          : items.isArray() ? (i < items.size() ? items.get(i) : JSON.objectNode()) : items;
      out.add(sample(itemSchema, depth + 1));
    }
    return out;
  }

  private JsonNode string(JsonNode s) {
    String format = s.path("format").asText("");
    String value = switch (format) {
      case "date-time" -> Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000)).toString();
      case "date" -> "2025-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
      case "email" -> "user" + random.nextInt(1000) + "@example.com";
      case "uri", "url" -> "https://example.com/item/" + random.nextInt(1000);
      case "uuid" -> new java.util.UUID(random.nextLong(), random.nextLong()).toString();
      default -> word();
    };
    int min = s.path("minLength").asInt(0);
    int max = s.has("maxLength") ? s.get("maxLength").asInt() : Integer.MAX_VALUE;
    StringBuilder text = new StringBuilder(value);
    while (text.codePointCount(0, text.length()) < min) {
      text.append('x');
    }
    while (text.codePointCount(0, text.length()) > max) {
      text.setLength(text.offsetByCodePoints(0, max));
    }
    return JSON.textNode(text.toString());
  }

  private long integer(JsonNode s) {
    long min = s.has("minimum") ? (long) Math.ceil(s.get("minimum").asDouble()) : -1000;
    long max = s.has("maximum") ? (long) Math.floor(s.get("maximum").asDouble()) : Math.max(min, 0) + 100_000;
    if (s.has("exclusiveMinimum")) {
      min = Math.max(min, (long) Math.floor(s.get("exclusiveMinimum").asDouble()) + 1);
    }
    if (s.has("exclusiveMaximum")) {
      max = Math.min(max, (long) Math.ceil(s.get("exclusiveMaximum").asDouble()) - 1);
    }
    long value = max <= min ? min : min + (long) (random.nextDouble() * (max - min + 1));
    long step = s.path("multipleOf").asLong(1);
    return step > 1 ? value - Math.floorMod(value, step) : value;
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(1000)));
  }

  /** The schema a local {@code $ref} points at, followed up to 32 times; other schemas as they are. */
  private JsonNode resolve(JsonNode schema) {
    JsonNode s = schema;
    for (int i = 0; i < 32 && s.path("$ref").isTextual() && s.get("$ref").asText().startsWith("#"); i++) {
      JsonNode target = root.at(s.get("$ref").asText().substring(1));
      if (target.isMissingNode()) {
        break;
      }
      s = target;
    }
    return s;
  }

  private static ObjectNode without(JsonNode s, String keyword) {
    ObjectNode copy = ((ObjectNode) s).deepCopy();
    copy.remove(keyword);
    return copy;
  }

  /** Merges {@code part} into {@code into}: properties and required lists united, other keywords overwritten. */
  private static void merge(ObjectNode into, JsonNode part) {
    if (!part.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = part.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("properties") && into.path("properties").isObject()) {
        ((ObjectNode) into.get("properties")).setAll((ObjectNode) e.getValue().deepCopy());
      } else if (e.getKey().equals("required") && into.path("required").isArray()) {
        ((ArrayNode) into.get("required")).addAll((ArrayNode) e.getValue().deepCopy());
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
