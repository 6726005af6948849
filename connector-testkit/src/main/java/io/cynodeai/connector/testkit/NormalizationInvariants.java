package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.core.schema.JsonSchemaValidator;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.testkit.ResponseMutator.Case;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What response normalization must guarantee for any handler result (§16), judged against the testkit's own
 * reading of the schema and redaction rules: the engine answers; a tree nesting deeper than {@link
 * JsonSchemaValidator#MAX_NESTING_DEPTH} fails {@code response_too_deep}; a failure is typed ({@code PERMANENT} or
 * {@code VALIDATION_ERROR} with a stable code, never {@code engine_error}); a response the schema accepts
 * succeeds and one it refuses fails; a success's data is at most the cap, equals the response with its
 * redaction rules applied when not truncated (so it validates, except where a marker replaced a value), is
 * flagged and warned about exactly when the redacted response exceeded the cap, never shows a redacted value
 * (no canary planted at a redacted place appears anywhere in the outcome). Immutable; thread-safe.
 */
final class NormalizationInvariants {
  static final String CANARY_PREFIX = "redaction-canary-";
  private static final int ABBREVIATE = 300;
  /** Numbers compare by value: a provider's 5 may come back as an int, a long or a decimal node. */
  private static final Comparator<JsonNode> NUMERIC_VALUE = (a, b) -> a.isNumber() && b.isNumber()
      ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

  private static final int MAX_DEPTH = JsonSchemaValidator.MAX_NESTING_DEPTH;
  private final JsonSchemaValidator schema;
  private final List<RedactionRule> rules;
  private final long cap;

  NormalizationInvariants(JsonSchemaValidator schema, List<RedactionRule> rules, long cap) {
    this.schema = schema;
    this.rules = rules;
    this.cap = cap;
  }

  /** Puts a canary at each redacted place holding a string, where the schema still accepts it. */
  JsonNode plantCanaries(JsonNode doc, Random random) {
    for (String pointer : RedactionPaths.matches(rules, doc)) {
      JsonNode value = doc.at(pointer);
      if (!value.isTextual()) {
        continue;
      }
      TextNode canary = TextNode.valueOf(CANARY_PREFIX + Long.toHexString(random.nextLong()));
      set(doc, pointer, canary);
      if (!schema.validate(doc).isEmpty()) {
        set(doc, pointer, value);
      }
    }
    return doc;
  }

  /** The first invariant the outcome breaks for this case, or null when it keeps them all. */
  @Nullable String check(Case c, Outcome outcome) {
    JsonNode doc = c.document();
    List<String> canaries = doc == null ? List.of() : canaries(doc);
    String leak = leakedCanary(outcome, canaries);
    if (leak != null) {
      return "the redacted value '" + leak + "' appears in the outcome";
    }
    if (doc != null && c.result() != null && c.result().json() != null
        && JsonSchemaValidator.depth(doc, MAX_DEPTH) > MAX_DEPTH) {
      return outcome instanceof Failed f && f.code().equals("response_too_deep") ? null
          : "a response nesting deeper than " + MAX_DEPTH + " levels must fail response_too_deep, got "
              + label(outcome);
    }
    Boolean valid = doc == null ? Boolean.FALSE : validates(doc);
    if (outcome instanceof Failed f) {
      if (f.code().equals("engine_error") || f.code().equals("handler_error")
          || (f.failureClass() != FailureClass.PERMANENT && f.failureClass() != FailureClass.VALIDATION_ERROR)) {
        return "the failure is not a typed normalization failure: " + CertificationHost.describe(f);
      }
      return Boolean.TRUE.equals(valid)
          ? "the engine refused a response its schema accepts: " + CertificationHost.describe(f) : null;
    }
    if (doc == null) {
      return "the engine answered Succeeded to a handler result holding no JSON document";
    }
    if (Boolean.FALSE.equals(valid)) {
      return "the engine passed on a response its schema refuses (" + schema.validate(doc).get(0) + ")";
    }
    return checkSuccess(doc, ((Succeeded) outcome).response());
  }

  private @Nullable String checkSuccess(JsonNode doc, NormalizedResponse response) {
    Set<String> redacted = RedactionPaths.matches(rules, doc);
    JsonNode expected = redact(doc, redacted);
    long expectedSize = size(expected);
    long size = size(response.data());
    if (size > cap) {
      return "the data is " + size + " bytes, over the response cap of " + cap;
    }
    for (String applied : response.redactionsApplied()) {
      if (!redacted.contains(applied)) {
        return "redactions_applied lists " + applied + ", which no redaction rule matches";
      }
    }
    if (response.truncated()) {
      if (expectedSize >= 0 && expectedSize <= cap) {
        return "flagged truncated although the redacted response (" + expectedSize + " bytes) fits the cap of " + cap;
      }
      if (response.warnings().stream().noneMatch(w -> w.contains("truncated"))) {
        return "truncated without a warning saying so";
      }
      if (response.data().getNodeType() != doc.getNodeType()) {
        return "truncation changed the document's type from " + doc.getNodeType() + " to "
            + response.data().getNodeType();
      }
      for (String pointer : redacted) {
        JsonNode shown = response.data().at(pointer);
        if (!shown.isMissingNode() && !RedactionRule.REDACTED.equals(shown.textValue())) {
          return "the truncated data shows a value at redacted pointer " + pointer;
        }
      }
      return null;
    }
    if (expectedSize > cap) {
      return "not flagged truncated although the redacted response (" + expectedSize + " bytes) exceeds the cap of "
          + cap;
    }
    if (!expected.equals(NUMERIC_VALUE, response.data())) {
      return "the data is not the response with its redaction rules applied";
    }
    for (String pointer : redacted) {
      if (!response.redactionsApplied().contains(pointer) && !coveredByAncestor(pointer, response)) {
        return "redactions_applied does not list " + pointer;
      }
    }
    for (Violation v : schema.validate(response.data())) {
      if (redacted.stream().noneMatch(p -> v.pointer().equals(p) || v.pointer().startsWith(p + "/"))) {
        return "the data does not match the response schema: " + v;
      }
    }
    return null;
  }

  private static boolean coveredByAncestor(String pointer, NormalizedResponse response) {
    return response.redactionsApplied().stream().anyMatch(a -> pointer.startsWith(a + "/"));
  }

  /** Whether the schema accepts the document; null when it cannot tell (nesting too deep for the validator). */
  private @Nullable Boolean validates(JsonNode doc) {
    try {
      return schema.validate(doc).isEmpty();
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  private static JsonNode redact(JsonNode doc, Set<String> pointers) {
    JsonNode copy = doc.deepCopy();
    pointers.stream().sorted(Comparator.comparingInt(String::length))
        .forEach(p -> set(copy, p, TextNode.valueOf(RedactionRule.REDACTED)));
    return copy;
  }

  /** Sets the value at a concrete pointer whose parent exists; does nothing otherwise. */
  private static void set(JsonNode root, String pointer, JsonNode value) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    List<String> segments = RedactionPaths.segments(pointer);
    String last = segments.get(segments.size() - 1);
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array && last.matches("\\d{1,9}") && Integer.parseInt(last) < array.size()) {
      array.set(Integer.parseInt(last), value);
    }
  }

  /** The engine's measure of a document; -1 when it cannot serialize it. */
  private static long size(JsonNode node) {
    try {
      return JsonSchemaValidator.sizeOf(node);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private List<String> canaries(JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (String pointer : RedactionPaths.matches(rules, doc)) {
      JsonNode value = doc.at(pointer);
      if (value.isTextual() && value.textValue().startsWith(CANARY_PREFIX)) {
        out.add(value.textValue());
      }
    }
    return out;
  }

  /** A canary found in any text of the outcome, or null. */
  private static @Nullable String leakedCanary(Outcome outcome, List<String> canaries) {
    if (canaries.isEmpty()) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    if (outcome instanceof Succeeded s) {
      texts.addAll(s.response().warnings());
      texts.addAll(s.response().redactionsApplied());
      strings(s.response().data(), texts);
    } else {
      Failed f = (Failed) outcome;
      texts.add(f.message());
      f.violations().forEach(v -> texts.add(v.toString()));
    }
    for (String text : texts) {
      for (String canary : canaries) {
        if (text.contains(canary)) {
          return canary;
        }
      }
    }
    return null;
  }

  /** Every member name and string value of the tree, walked without recursion (trees may be deep). */
  private static void strings(JsonNode root, List<String> out) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node.isTextual()) {
        out.add(node.textValue());
      } else if (node.isObject()) {
        node.fieldNames().forEachRemaining(out::add);
        node.forEach(todo::push);
      } else if (node.isArray()) {
        node.forEach(todo::push);
      }
    }
  }

  /** An outcome as the report shows it: Succeeded (truncated) or the failure's class and code. */
  static String label(Outcome outcome) {
    if (outcome instanceof Succeeded s) {
      return s.response().truncated() ? "Succeeded truncated" : "Succeeded";
    }
    Failed f = (Failed) outcome;
    return "Failed " + f.failureClass().name() + " " + f.code();
  }

  static String abbreviate(Case c) {
    if (c.result() == null) {
      return "null";
    }
    String text = c.result().json() != null ? safeText(c.result().json()) : "raw " + c.result().rawJson();
    return cut(text);
  }

  static String abbreviate(Outcome outcome) {
    if (outcome instanceof Succeeded s) {
      return cut("Succeeded" + (s.response().truncated() ? " truncated" : "") + " " + safeText(s.response().data())
          + " redactions_applied " + s.response().redactionsApplied() + " warnings " + s.response().warnings());
    }
    return cut(CertificationHost.describe(outcome));
  }

  private static String safeText(JsonNode node) {
    try {
      return node.toString();
    } catch (RuntimeException | StackOverflowError e) {
      return "(" + node.getNodeType() + " too deep to print)";
    }
  }

  private static String cut(String text) {
    return text.length() <= ABBREVIATE ? text
        : text.substring(0, ABBREVIATE) + "… (" + text.length() + " characters)";
  }
}
