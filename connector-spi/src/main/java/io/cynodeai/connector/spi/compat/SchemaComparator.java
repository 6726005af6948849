package io.cynodeai.connector.spi.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.spi.compat.BreakingChange.Kind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compares two versions of a JSON Schema (draft 7), recursing through {@code properties}, {@code
 * additionalProperties} and {@code items}, and reports every breaking change for the schema's {@link
 * SchemaRole role}. Value-level keywords are delegated to {@link ValueConstraints}; anything else that
 * differs is reported once per location as {@link Kind#SCHEMA_CHANGED_UNANALYZED}.
 *
 * <p>Object members follow these rules, which are the checker's policy on additions:
 *
 * <ul>
 *   <li>Input, property removed: a caller may still send it. That breaks only if the newer schema refuses
 *       it: {@code additionalProperties: false} gives {@link Kind#PROPERTY_REMOVED}; a schema-valued
 *       {@code additionalProperties} is compared against the removed property's schema; with {@code
 *       patternProperties} in the newer schema the outcome is not analysed.
 *   <li>Input, property added: additive, even though a caller could in theory have sent an undeclared
 *       member of that name. The exception is an older schema-valued {@code additionalProperties}, which
 *       promised that such members were accepted; the new property is then compared against it.
 *   <li>Input, {@code additionalProperties}: becoming {@code false} is {@link
 *       Kind#ADDITIONAL_PROPERTIES_CLOSED}; becoming a schema, or a narrower schema, is compared as a
 *       nested schema at {@code /additionalProperties}.
 *   <li>Output, property removed: {@link Kind#PROPERTY_REMOVED}, since consumers read it. No longer
 *       required: {@link Kind#REQUIRED_REMOVED}, since it may be absent.
 *   <li>Output, property added or undeclared members allowed: additive; consumers must ignore members
 *       they do not know. A schema-valued {@code additionalProperties} (a map) is still compared, because
 *       consumers read its values.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class SchemaComparator {
  private SchemaComparator() {}

  /**
   * Compares a type's top-level schemas. A missing schema (which the engine refuses at registration) on
   * only one side cannot be proved compatible.
   */
  static void compareRoots(@Nullable JsonNode older, @Nullable JsonNode newer, SchemaRole role, SchemaLocation at,
      List<BreakingChange> out) {
    if (older == null || newer == null) {
      if (older != newer) {
        unanalyzed(at, (older == null ? "the older" : "the newer") + " version declares no schema", out);
      }
      return;
    }
    compare(older, newer, role, at, out);
  }

  static void compare(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at, List<BreakingChange> out) {
    if (older.equals(newer)) {
      return;
    }
    if (!Keywords.isSchema(older) || !Keywords.isSchema(newer)) {
      unanalyzed(at, "a schema that is neither an object nor a boolean changed", out);
      return;
    }
    if (Keywords.isFalse(role.kept(older, newer))) {
      return;
    }
    if (Keywords.isFalse(role.judge(older, newer))) {
      String which = role == SchemaRole.INPUT ? "the newer schema is false: nothing is accepted"
          : "the older schema was false: consumers expect nothing here";
      out.add(new BreakingChange(role.typeKind(), at.toString(), which));
      return;
    }
    JsonNode o = asObject(older);
    JsonNode n = asObject(newer);
    ValueConstraints.compare(o, n, role, at, out);
    properties(o, n, role, at, out);
    required(o, n, role, at, out);
    additionalProperties(o, n, role, at, out);
    items(o, n, role, at, out);
    List<String> unanalyzed = Keywords.unanalyzedDifferences(o, n);
    if (!unanalyzed.isEmpty()) {
      unanalyzed(at, "cannot prove compatible: " + String.join(", ", unanalyzed) + " changed", out);
    }
  }

  private static void properties(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at,
      List<BreakingChange> out) {
    if (!Keywords.analyzable(older, newer, "properties")) {
      return;
    }
    JsonNode oldProps = orEmpty(Keywords.get(older, "properties"));
    JsonNode newProps = orEmpty(Keywords.get(newer, "properties"));
    for (Map.Entry<String, JsonNode> old : oldProps.properties()) {
      SchemaLocation here = at.property(old.getKey());
      JsonNode now = newProps.get(old.getKey());
      if (now != null) {
        compare(old.getValue(), now, role, here, out);
      } else if (role == SchemaRole.OUTPUT) {
        out.add(new BreakingChange(Kind.PROPERTY_REMOVED, here.toString(),
            "no longer declared, so no longer returned"));
      } else {
        removedInput(old.getValue(), newer, here, out);
      }
    }
    JsonNode oldExtra = older.get("additionalProperties");
    if (role == SchemaRole.INPUT && oldExtra != null && oldExtra.isObject() && !oldExtra.isEmpty()
        && !older.has("patternProperties")) {
      for (Map.Entry<String, JsonNode> now : newProps.properties()) {
        if (!oldProps.has(now.getKey())) {
          compare(oldExtra, now.getValue(), role, at.property(now.getKey()), out);
        }
      }
    }
  }

  private static void removedInput(JsonNode oldProp, JsonNode newer, SchemaLocation here, List<BreakingChange> out) {
    JsonNode extra = newer.get("additionalProperties");
    if (newer.has("patternProperties")) {
      unanalyzed(here, "cannot prove compatible: removed property may now be matched by patternProperties", out);
    } else if (Keywords.isFalse(extra)) {
      out.add(new BreakingChange(Kind.PROPERTY_REMOVED, here.toString(),
          "no longer declared and additionalProperties is false, so callers sending it are refused"));
    } else if (extra != null && extra.isObject()) {
      compare(oldProp, extra, SchemaRole.INPUT, here, out);
    }
  }

  private static void required(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at,
      List<BreakingChange> out) {
    if (!Keywords.analyzable(older, newer, "required")) {
      return;
    }
    Set<String> oldRequired = names(Keywords.get(older, "required"));
    Set<String> newRequired = names(Keywords.get(newer, "required"));
    if (role == SchemaRole.INPUT) {
      for (String name : newRequired) {
        if (!oldRequired.contains(name)) {
          out.add(new BreakingChange(Kind.REQUIRED_ADDED, at.property(name).toString(), "is now required"));
        }
      }
      return;
    }
    JsonNode oldProps = orEmpty(Keywords.get(older, "properties"));
    JsonNode newProps = orEmpty(Keywords.get(newer, "properties"));
    for (String name : oldRequired) {
      boolean reportedRemoved = oldProps.has(name) && !newProps.has(name)
          && Keywords.analyzable(older, newer, "properties");
      if (!newRequired.contains(name) && !reportedRemoved) {
        out.add(new BreakingChange(Kind.REQUIRED_REMOVED, at.property(name).toString(),
            "no longer required, so it may be absent"));
      }
    }
  }

  private static void additionalProperties(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at,
      List<BreakingChange> out) {
    if (!Keywords.analyzable(older, newer, "additionalProperties")) {
      return;
    }
    JsonNode oldExtra = older.get("additionalProperties");
    JsonNode newExtra = newer.get("additionalProperties");
    SchemaLocation here = at.child("additionalProperties");
    if (role == SchemaRole.INPUT) {
      if (Keywords.isFalse(oldExtra)) {
        return;
      }
      if (Keywords.isFalse(newExtra)) {
        out.add(new BreakingChange(Kind.ADDITIONAL_PROPERTIES_CLOSED, at.toString(),
            "additionalProperties " + describe(oldExtra) + " -> false: undeclared properties are refused"));
      } else if (!Keywords.acceptsAnything(oldExtra) || !Keywords.acceptsAnything(newExtra)) {
        compare(orEmpty(oldExtra), orEmpty(newExtra), role, here, out);
      }
    } else if (oldExtra != null && oldExtra.isObject() && !oldExtra.isEmpty() && !Keywords.isFalse(newExtra)) {
      compare(oldExtra, orEmpty(newExtra), role, here, out);
    }
  }

  private static void items(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at,
      List<BreakingChange> out) {
    if (!Keywords.analyzable(older, newer, "items")) {
      return;
    }
    JsonNode oldItems = older.get("items");
    JsonNode newItems = newer.get("items");
    if (oldItems != null || newItems != null) {
      compare(orEmpty(oldItems), orEmpty(newItems), role, at.child("items"), out);
    }
  }

  private static void unanalyzed(SchemaLocation at, String description, List<BreakingChange> out) {
    out.add(new BreakingChange(Kind.SCHEMA_CHANGED_UNANALYZED, at.toString(), description));
  }

  /** The schema as an object: {@code true} becomes {@code {}}; {@code false} never reaches here. */
  private static JsonNode asObject(JsonNode schema) {
    return schema.isObject() ? schema : JsonNodeFactory.instance.objectNode();
  }

  private static JsonNode orEmpty(@Nullable JsonNode node) {
    return node == null ? JsonNodeFactory.instance.objectNode() : node;
  }

  private static Set<String> names(@Nullable JsonNode array) {
    Set<String> names = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(n -> names.add(n.textValue()));
    }
    return names;
  }

  private static String describe(@Nullable JsonNode extra) {
    return extra == null ? "(none)" : extra.toString();
  }
}
