package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.REDACTION;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import io.cynodeai.connector.spi.RedactionRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The redaction checks (§3.3), two per rule: the rule's pointer names a place the response schema declares (a
 * misspelt member such as {@code /station/operatorMail} beside a declared {@code operatorEmail} fails, with
 * the members the schema does declare), and the rule really redacts: it matches a value in at least one
 * example response, and wherever it does, the engine's answer to that example holds the marker instead. A
 * schema part that declares nothing (no {@code properties}, {@code items} or {@code additionalProperties}
 * schema, no type) accepts any pointer below it. Stateless apart from its inputs; not thread-safe.
 */
final class RedactionChecks {
  /** {@code $ref}s followed at most this deep, so a recursive schema cannot loop. */
  private static final int MAX_DEPTH = 64;

  private final ConnectorType type;
  private final List<ContractChecks.Observed> observed;

  RedactionChecks(ConnectorType type, List<ContractChecks.Observed> observed) {
    this.type = type;
    this.observed = observed;
  }

  List<CheckResult> run() {
    List<CheckResult> checks = new ArrayList<>();
    for (OperationDescriptor op : DescriptorChecks.distinctOperations(type)) {
      for (RedactionRule rule : new LinkedHashSet<>(op.redactions())) {
        String pattern = rule.pointerPattern();
        String problem = schemaProblem(op.responseSchema(), pattern);
        String name = op.name() + ": redaction " + pattern;
        checks.add(problem == null
            ? CheckResult.pass(REDACTION, name + " matches the response schema", "the schema declares " + pattern)
            : CheckResult.fail(REDACTION, name + " matches the response schema", problem));
        checks.add(redacts(op, rule, name + " redacts the examples"));
      }
    }
    return checks;
  }

  private CheckResult redacts(OperationDescriptor op, RedactionRule rule, String name) {
    int matched = 0;
    int seen = 0;
    List<String> leaks = new ArrayList<>();
    List<CallPath> paths = new ArrayList<>();
    for (OperationExample example : DescriptorChecks.distinctExamples(op)) {
      Set<String> pointers = RedactionPaths.matches(List.of(rule), example.response());
      matched += pointers.size();
      for (ContractChecks.Observed o : observed) {
        if (o.op() != op || !o.example().name().equals(example.name())) {
          continue;
        }
        if (!paths.contains(o.path())) {
          paths.add(o.path());
        }
        for (String pointer : pointers) {
          JsonNode value = o.response().data().at(pointer);
          if (value.isMissingNode()) {
            continue;
          }
          seen++;
          if (!(value.isTextual() && value.asText().equals(RedactionRule.REDACTED))
              || !o.response().redactionsApplied().contains(pointer)) {
            leaks.add("example '" + example.name() + "' [" + o.path().label() + "]: " + pointer
                + " came back unredacted");
          }
        }
      }
    }
    CheckResult result;
    if (matched == 0) {
      result = CheckResult.fail(REDACTION, name, "the rule matches no value in any example response, so nothing"
          + " shows that it redacts: add an example whose response has a value at " + rule.pointerPattern());
    } else if (!leaks.isEmpty()) {
      result = CheckResult.fail(REDACTION, name, String.join("\n", leaks));
    } else if (seen == 0) {
      result = CheckResult.fail(REDACTION, name, "no call of an example returned a value at "
          + rule.pointerPattern() + " (the examples' responses have one): the contract checks say why");
    } else {
      result = CheckResult.pass(REDACTION, name, seen + " value(s) came back as " + RedactionRule.REDACTED);
    }
    return result.on(paths.toArray(CallPath[]::new));
  }

  /** Why {@code pattern} cannot match a place {@code schema} declares, or null if it can. */
  static @Nullable String schemaProblem(JsonNode schema, String pattern) {
    if (!pattern.startsWith("/")) {
      return "not a JSON Pointer: " + pattern;
    }
    List<String> segments = RedactionPaths.segments(pattern);
    List<String> reasons = new ArrayList<>();
    if (canMatch(schema, schema, segments, 0, "", reasons, 0)) {
      return null;
    }
    return "the response schema has no place " + pattern + " can match, so the rule redacts nothing: "
        + String.join("; ", new LinkedHashSet<>(reasons));
  }

  private static boolean canMatch(JsonNode root, JsonNode node, List<String> segments, int at, String where,
      List<String> reasons, int depth) {
    if (at == segments.size()) {
      return true;
    }
    if (depth > MAX_DEPTH || !node.isObject()) {
      return node.isBoolean() && node.asBoolean();
    }
    if (node.has("$ref")) {
      JsonNode target = resolve(root, node.get("$ref").asText());
      if (target != null && canMatch(root, target, segments, at, where, reasons, depth + 1)) {
        return true;
      }
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      for (JsonNode branch : node.path(combinator)) {
        if (canMatch(root, branch, segments, at, where, reasons, depth + 1)) {
          return true;
        }
      }
    }
    String segment = segments.get(at);
    String here = where.isEmpty() ? "(root)" : where;
    String next = where + "/" + RedactionPaths.escape(segment);
    boolean declaresMembers = node.has("properties") || node.has("patternProperties")
        || node.path("additionalProperties").isObject();
    boolean declaresItems = node.has("items");
    if (!declaresMembers && !declaresItems) {
      if (freeForm(node)) {
        return true;
      }
      if (!node.has("$ref") && !hasCombinator(node)) {
        reasons.add(here + " is " + node.path("type") + ", not an object or array");
      }
      return false;
    }
    boolean found = false;
    if (declaresMembers) {
      for (Iterator<String> names = node.path("properties").fieldNames(); names.hasNext() && !found; ) {
        String member = names.next();
        if (segment.equals("*") || segment.equals(member)) {
          found = canMatch(root, node.get("properties").get(member), segments, at + 1, next, reasons, depth + 1);
        }
      }
      for (Iterator<String> regexes = node.path("patternProperties").fieldNames(); regexes.hasNext() && !found; ) {
        String regex = regexes.next();
        if (segment.equals("*") || matches(regex, segment)) {
          found = canMatch(root, node.get("patternProperties").get(regex), segments, at + 1, next, reasons,
              depth + 1);
        }
      }
      if (!found && node.path("additionalProperties").isObject()) {
        found = canMatch(root, node.get("additionalProperties"), segments, at + 1, next, reasons, depth + 1);
      }
      if (!found && !segment.equals("*") && !node.path("properties").has(segment)
          && !node.path("additionalProperties").isObject()) {
        List<String> declared = new ArrayList<>();
        node.path("properties").fieldNames().forEachRemaining(declared::add);
        reasons.add(here + " declares no member '" + segment + "'" + (declared.isEmpty() ? ""
            : " (it declares: " + String.join(", ", declared) + ")"));
      }
    }
    if (!found && declaresItems && (segment.equals("*") || segment.matches("0|[1-9][0-9]*"))) {
      JsonNode items = node.get("items");
      if (items.isArray()) {
        for (int i = 0; i < items.size() && !found; i++) {
          if (segment.equals("*") || segment.equals(Integer.toString(i))) {
            found = canMatch(root, items.get(i), segments, at + 1, next, reasons, depth + 1);
          }
        }
      } else {
        found = canMatch(root, items, segments, at + 1, next, reasons, depth + 1);
      }
    } else if (!found && declaresItems && !declaresMembers) {
      reasons.add(here + " is an array: '" + segment + "' is not an index or *");
    }
    return found;
  }

  /** A schema part that says nothing about members or items: any pointer below it may exist. */
  private static boolean freeForm(JsonNode node) {
    JsonNode type = node.path("type");
    boolean containerType = type.isMissingNode() || type.asText().equals("object") || type.asText().equals("array")
        || type.isArray() && (type.toString().contains("\"object\"") || type.toString().contains("\"array\""));
    return containerType && !node.has("$ref") && !hasCombinator(node);
  }

  private static boolean hasCombinator(JsonNode node) {
    return node.has("allOf") || node.has("anyOf") || node.has("oneOf");
  }

  private static @Nullable JsonNode resolve(JsonNode root, String ref) {
    if (!ref.startsWith("#")) {
      return null;
    }
    JsonNode target = root.at(ref.substring(1));
    return target.isMissingNode() ? null : target;
  }

  private static boolean matches(String regex, String name) {
    try {
      return Pattern.compile(regex).matcher(name).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
