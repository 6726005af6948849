package io.cynodeai.connector.core.internal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.core.policy.InstancePolicy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a policy document tree (from YAML or JSON) strictly: unknown fields, wrong types, unknown actions,
 * effects or modes, rules without subjects or actions are all problems, and every problem is collected with
 * its location before anything is returned. Stateless.
 */
public final class PolicyDocumentParser {
  private static final Set<String> TOP = Set.of("rules", "templates", "instances");
  private static final Set<String> RULE = Set.of("name", "effect", "users", "groups", "projects", "instances",
      "types", "actions", "operations", "modes");
  private static final Set<String> TEMPLATE_RULE = Set.of("effect", "projects", "types", "actions", "operations",
      "modes");
  private static final Set<String> BINDING = Set.of("template", "users", "groups", "allowOperations");

  private final List<String> problems = new ArrayList<>();

  private PolicyDocumentParser() {}

  /** The document, or the list of every problem found (empty when the document is valid). */
  public static PolicyDocument parse(JsonNode root, List<String> problems) {
    PolicyDocumentParser p = new PolicyDocumentParser();
    PolicyDocument doc = p.document(root);
    problems.addAll(p.problems);
    return doc;
  }

  private PolicyDocument document(JsonNode root) {
    if (root == null || !root.isObject()) {
      problems.add("(root): must be a mapping with 'rules', 'templates' and/or 'instances'");
      return new PolicyDocument(List.of(), Map.of(), Map.of());
    }
    unknownFields(root, TOP, "(root)");
    List<CompiledRule> rules = new ArrayList<>();
    JsonNode rulesNode = root.path("rules");
    if (!rulesNode.isMissingNode() && !rulesNode.isArray()) {
      problems.add("rules: must be a list");
    }
    for (int i = 0; rulesNode.isArray() && i < rulesNode.size(); i++) {
      rules.add(rule(rulesNode.get(i), "rules[" + i + "]", false));
    }
    Map<String, List<CompiledRule>> templates = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> t : entries(root.path("templates"), "templates")) {
      String at = "templates." + t.getKey();
      if (!t.getValue().isArray() || t.getValue().isEmpty()) {
        problems.add(at + ": must be a non-empty list of rules");
        continue;
      }
      List<CompiledRule> body = new ArrayList<>();
      for (int i = 0; i < t.getValue().size(); i++) {
        body.add(rule(t.getValue().get(i), at + "[" + i + "]", true));
      }
      templates.put(t.getKey(), body);
    }
    Map<String, InstancePolicy> instances = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> b : entries(root.path("instances"), "instances")) {
      InstancePolicy binding = binding(b.getValue(), "instances." + b.getKey());
      if (binding != null) {
        instances.put(b.getKey(), binding);
      }
    }
    return new PolicyDocument(rules, templates, instances);
  }

  private CompiledRule rule(JsonNode node, String at, boolean template) {
    if (!node.isObject()) {
      problems.add(at + ": must be a mapping");
      return placeholder(at);
    }
    unknownFields(node, template ? TEMPLATE_RULE : RULE, at);
    String name = node.hasNonNull("name") ? node.get("name").asText() : null;
    String origin = template ? at : "rule '" + (name != null ? name : at) + "'";
    Boolean allow = effect(node.get("effect"), at + ".effect");
    Set<Action> actions = actions(node.get("actions"), at + ".actions");
    Matcher users = template ? Matcher.ANY : globs(node.get("users"), at + ".users");
    Matcher groups = template ? Matcher.ANY : globs(node.get("groups"), at + ".groups");
    if (!template && !users.constrained() && !groups.constrained()) {
      problems.add(at + ": names no subject (give 'users' or 'groups'; \"*\" means everyone)");
    }
    return new CompiledRule(origin, allow != null && allow, actions, users, groups,
        globs(node.get("projects"), at + ".projects"),
        template ? Matcher.ANY : globs(node.get("instances"), at + ".instances"),
        globs(node.get("types"), at + ".types"), globs(node.get("operations"), at + ".operations"),
        modes(node.get("modes"), at + ".modes"));
  }

  private @Nullable InstancePolicy binding(JsonNode node, String at) {
    if (!node.isObject()) {
      problems.add(at + ": must be a mapping with 'template' and/or 'allowOperations'");
      return null;
    }
    unknownFields(node, BINDING, at);
    String template = node.hasNonNull("template") ? text(node.get("template"), at + ".template") : null;
    List<String> users = strings(node.get("users"), at + ".users");
    List<String> groups = strings(node.get("groups"), at + ".groups");
    List<String> allow = node.has("allowOperations") ? strings(node.get("allowOperations"), at + ".allowOperations")
        : null;
    if (template == null && allow == null) {
      problems.add(at + ": gives neither 'template' nor 'allowOperations'");
      return null;
    }
    if (template != null && users.isEmpty() && groups.isEmpty()) {
      problems.add(at + ": binds template '" + template + "' to no subject (give 'users' or 'groups')");
      return null;
    }
    return new InstancePolicy(template, users, groups, allow);
  }

  private @Nullable Boolean effect(@Nullable JsonNode node, String at) {
    String value = node == null ? null : node.asText();
    if ("allow".equals(value)) {
      return true;
    }
    if ("deny".equals(value)) {
      return false;
    }
    problems.add(at + ": must be 'allow' or 'deny'" + (value == null ? " (missing)" : ", not '" + value + "'"));
    return null;
  }

  private Set<Action> actions(@Nullable JsonNode node, String at) {
    List<String> names = strings(node, at);
    if (names.isEmpty()) {
      problems.add(at + ": must list at least one action (or \"*\")");
      return Set.of();
    }
    Set<Action> actions = EnumSet.noneOf(Action.class);
    for (String name : names) {
      if (name.equals("*")) {
        actions.addAll(EnumSet.allOf(Action.class));
        continue;
      }
      Action found = null;
      for (Action a : Action.values()) {
        if (a.wireName().equals(name)) {
          found = a;
        }
      }
      if (found == null) {
        problems.add(at + ": unknown action '" + name + "'");
      } else {
        actions.add(found);
      }
    }
    return actions;
  }

  private Set<ExecutionMode> modes(@Nullable JsonNode node, String at) {
    Set<ExecutionMode> modes = EnumSet.noneOf(ExecutionMode.class);
    for (String name : strings(node, at)) {
      switch (name) {
        case "sync" -> modes.add(ExecutionMode.SYNC);
        case "async" -> modes.add(ExecutionMode.ASYNC);
        default -> problems.add(at + ": unknown execution mode '" + name + "' (sync or async)");
      }
    }
    return modes;
  }

  private Matcher globs(@Nullable JsonNode node, String at) {
    return new Matcher(strings(node, at).stream().map(Glob::of).toList());
  }

  private List<String> strings(@Nullable JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(at + ": must be a list of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String s = text(node.get(i), at + "[" + i + "]");
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private @Nullable String text(JsonNode node, String at) {
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(at + ": must be a non-blank string");
      return null;
    }
    return node.asText();
  }

  private List<Map.Entry<String, JsonNode>> entries(JsonNode node, String at) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isObject()) {
      problems.add(at + ": must be a mapping by name");
      return List.of();
    }
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    node.fields().forEachRemaining(out::add);
    return out;
  }

  private void unknownFields(JsonNode node, Set<String> known, String at) {
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        problems.add(at + ": unknown field '" + f + "' (known: " + known.stream().sorted().toList() + ")");
      }
    });
  }

  private static CompiledRule placeholder(String at) {
    return new CompiledRule(at, false, Set.of(), Matcher.ANY, Matcher.ANY, Matcher.ANY, Matcher.ANY, Matcher.ANY,
        Matcher.ANY, Set.of());
  }
}
