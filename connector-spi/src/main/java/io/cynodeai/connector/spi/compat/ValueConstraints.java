package io.cynodeai.connector.spi.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.compat.BreakingChange.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Compares the keywords of one schema node that constrain a value itself rather than its members: {@code
 * type}, {@code enum} and {@code const}, numeric bounds, length, item and property counts, {@code
 * multipleOf}, {@code uniqueItems}, {@code pattern} and {@code format}. Each check asks whether every value
 * the {@linkplain SchemaRole#kept kept} schema accepts is still accepted by the {@linkplain SchemaRole#judge
 * judge}; descriptions are always stated older to newer. Keywords are compared one at a time, so a change
 * that is harmless only in combination with another (say {@code maximum: 10.5} becoming {@code maximum: 10}
 * on an integer) is still reported. Stateless and thread-safe.
 */
final class ValueConstraints {
  private static final List<String> ALL_TYPES = List.of("array", "boolean", "null", "number", "object", "string");
  private static final List<String> UPPER_COUNTS = List.of("maxLength", "maxItems", "maxProperties");
  private static final List<String> LOWER_COUNTS = List.of("minLength", "minItems", "minProperties");

  private ValueConstraints() {}

  /** Reports every value-level breaking change between two object schemas at one location. */
  static void compare(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at, List<BreakingChange> out) {
    Diff d = new Diff(older, newer, role, at, out);
    types(d);
    values(d);
    bounds(d);
    counts(d);
    multipleOf(d);
    uniqueItems(d);
    text(d, "pattern", Kind.PATTERN_CHANGED);
    text(d, "format", Kind.FORMAT_CHANGED);
  }

  private static void types(Diff d) {
    if (!d.analyzable("type")) {
      return;
    }
    Set<String> judged = declaredTypes(d.judge());
    if (judged == null) {
      return;
    }
    Set<String> kept = declaredTypes(d.kept());
    if (kept == null) {
      List<JsonNode> values = allowedValues(d.kept());
      kept = values == null ? new LinkedHashSet<>(ALL_TYPES)
          : values.stream().map(ValueConstraints::typeOf).collect(Collectors.toCollection(LinkedHashSet::new));
    }
    List<String> lost = new ArrayList<>();
    for (String type : kept) {
      if (!judged.contains(type) && !("integer".equals(type) && judged.contains("number"))) {
        lost.add(type);
      }
    }
    if (!lost.isEmpty()) {
      String effect = d.role() == SchemaRole.INPUT ? "no longer accepts " : "may now be ";
      d.report(d.role().typeKind(), d.change("type") + ": " + effect + String.join(", ", lost));
    }
  }

  private static void values(Diff d) {
    if (!d.analyzable("enum") || !d.analyzable("const")) {
      return;
    }
    List<JsonNode> judged = allowedValues(d.judge());
    if (judged == null) {
      return;
    }
    List<JsonNode> kept = allowedValues(d.kept());
    if (kept == null) {
      String keyword = Keywords.get(d.judge(), "const") != null ? "const" : "enum";
      String effect = d.role() == SchemaRole.INPUT ? "only the listed values are accepted now"
          : "any value may now be returned";
      d.report(d.role().enumKind(), d.change(keyword) + ": " + effect);
      return;
    }
    for (JsonNode value : kept) {
      if (judged.stream().noneMatch(j -> sameValue(j, value))) {
        String effect = d.role() == SchemaRole.INPUT ? " is no longer accepted" : " may now be returned";
        d.report(d.role().enumKind(), "value " + value + effect);
      }
    }
  }

  private static void bounds(Diff d) {
    if (!d.analyzable("maximum") || !d.analyzable("exclusiveMaximum") || !d.analyzable("minimum")
        || !d.analyzable("exclusiveMinimum")) {
      return;
    }
    bound(d, "upper bound", "maximum", "exclusiveMaximum", 1);
    bound(d, "lower bound", "minimum", "exclusiveMinimum", -1);
  }

  private static void bound(Diff d, String label, String inclusive, String exclusive, int sign) {
    Bound kept = Bound.of(d.kept(), inclusive, exclusive, sign);
    Bound judged = Bound.of(d.judge(), inclusive, exclusive, sign);
    if (judged != null && (kept == null || judged.stricterThan(kept, sign))) {
      d.report(d.role().limitKind(), d.changeOf(label, Bound.of(d.older(), inclusive, exclusive, sign),
          Bound.of(d.newer(), inclusive, exclusive, sign)));
    }
  }

  private static void counts(Diff d) {
    for (String keyword : UPPER_COUNTS) {
      JsonNode kept = Keywords.get(d.kept(), keyword);
      JsonNode judged = Keywords.get(d.judge(), keyword);
      if (d.analyzable(keyword) && judged != null
          && (kept == null || judged.decimalValue().compareTo(kept.decimalValue()) < 0)) {
        d.report(d.role().limitKind(), d.change(keyword));
      }
    }
    for (String keyword : LOWER_COUNTS) {
      JsonNode kept = Keywords.get(d.kept(), keyword);
      JsonNode judged = Keywords.get(d.judge(), keyword);
      BigDecimal keptMin = kept == null ? BigDecimal.ZERO : kept.decimalValue();
      if (d.analyzable(keyword) && judged != null && judged.decimalValue().compareTo(keptMin) > 0) {
        d.report(d.role().limitKind(), d.change(keyword));
      }
    }
  }

  private static void multipleOf(Diff d) {
    JsonNode kept = Keywords.get(d.kept(), "multipleOf");
    JsonNode judged = Keywords.get(d.judge(), "multipleOf");
    if (d.analyzable("multipleOf") && judged != null && (kept == null
        || kept.decimalValue().remainder(judged.decimalValue()).signum() != 0)) {
      d.report(d.role().limitKind(), d.change("multipleOf"));
    }
  }

  private static void uniqueItems(Diff d) {
    JsonNode kept = Keywords.get(d.kept(), "uniqueItems");
    JsonNode judged = Keywords.get(d.judge(), "uniqueItems");
    if (d.analyzable("uniqueItems") && judged != null && judged.booleanValue()
        && (kept == null || !kept.booleanValue())) {
      d.report(d.role().limitKind(), d.change("uniqueItems"));
    }
  }

  private static void text(Diff d, String keyword, Kind kind) {
    JsonNode judged = Keywords.get(d.judge(), keyword);
    if (d.analyzable(keyword) && judged != null && !judged.equals(Keywords.get(d.kept(), keyword))) {
      d.report(kind, d.change(keyword));
    }
  }

  private static @Nullable Set<String> declaredTypes(JsonNode schema) {
    JsonNode type = Keywords.get(schema, "type");
    if (type == null) {
      return null;
    }
    Set<String> types = new LinkedHashSet<>();
    if (type.isTextual()) {
      types.add(type.textValue());
    } else {
      type.forEach(t -> types.add(t.textValue()));
    }
    return types;
  }

  /** The values {@code const} and {@code enum} together allow, or null when neither restricts them. */
  private static @Nullable List<JsonNode> allowedValues(JsonNode schema) {
    JsonNode constant = Keywords.get(schema, "const");
    JsonNode listed = Keywords.get(schema, "enum");
    List<JsonNode> values = new ArrayList<>();
    if (constant != null) {
      if (listed == null || contains(listed, constant)) {
        values.add(constant);
      }
      return values;
    }
    if (listed == null) {
      return null;
    }
    listed.forEach(values::add);
    return values;
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode item : array) {
      if (sameValue(item, value)) {
        return true;
      }
    }
    return false;
  }

  /** JSON Schema equality: numbers compare by value, so {@code 1} equals {@code 1.0}. */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String typeOf(JsonNode value) {
    if (value.isNumber()) {
      return value.canConvertToExactIntegral() ? "integer" : "number";
    }
    return switch (value.getNodeType()) {
      case ARRAY -> "array";
      case BOOLEAN -> "boolean";
      case OBJECT, POJO -> "object";
      case STRING, BINARY -> "string";
      default -> "null";
    };
  }

  /** The tightest of an inclusive and an exclusive bound keyword; {@code sign} is 1 for upper, -1 for lower. */
  private record Bound(BigDecimal value, boolean exclusive) {
    static @Nullable Bound of(JsonNode schema, String inclusiveKeyword, String exclusiveKeyword, int sign) {
      JsonNode inclusive = Keywords.get(schema, inclusiveKeyword);
      JsonNode exclusive = Keywords.get(schema, exclusiveKeyword);
      Bound a = inclusive == null ? null : new Bound(inclusive.decimalValue(), false);
      Bound b = exclusive == null ? null : new Bound(exclusive.decimalValue(), true);
      if (a == null || b == null) {
        return a == null ? b : a;
      }
      return b.stricterThan(a, sign) ? b : a;
    }

    boolean stricterThan(Bound other, int sign) {
      int c = value.compareTo(other.value) * sign;
      return c < 0 || (c == 0 && exclusive && !other.exclusive);
    }

    @Override
    public String toString() {
      return (exclusive ? "exclusive " : "") + value.toPlainString();
    }
  }

  /** The two schemas under comparison, seen through their role, and where to report. */
  private record Diff(JsonNode older, JsonNode newer, SchemaRole role, SchemaLocation at, List<BreakingChange> out) {
    JsonNode kept() {
      return role.kept(older, newer);
    }

    JsonNode judge() {
      return role.judge(older, newer);
    }

    boolean analyzable(String keyword) {
      return Keywords.analyzable(older, newer, keyword);
    }

    String change(String keyword) {
      return changeOf(keyword, Keywords.get(older, keyword), Keywords.get(newer, keyword));
    }

    String changeOf(String what, @Nullable Object from, @Nullable Object to) {
      return what + " " + Objects.requireNonNullElse(from, "(none)") + " -> "
          + Objects.requireNonNullElse(to, "(none)");
    }

    void report(Kind kind, String description) {
      out.add(new BreakingChange(kind, at.toString(), description));
    }
  }
}
