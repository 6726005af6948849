package io.cynodeai.connector.core.internal.policy;

import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.policy.InstancePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The evaluable form of a policy: global rules, templates (built-in and defined), and instance bindings
 * compiled into rules scoped to their instance. Deny wins over allow; an instance allowlist denies any
 * other operation; nothing matching is a denial. Immutable and thread-safe.
 */
public final class RuleSet {
  private final List<CompiledRule> base;
  private final List<CompiledRule> rules;
  private final Map<String, List<CompiledRule>> templates;
  private final Map<String, InstancePolicy> bindings;
  private final Map<String, Set<String>> allowlists;

  private RuleSet(List<CompiledRule> base, List<CompiledRule> rules, Map<String, List<CompiledRule>> templates,
      Map<String, InstancePolicy> bindings, Map<String, Set<String>> allowlists) {
    this.base = List.copyOf(base);
    this.rules = List.copyOf(rules);
    this.templates = Map.copyOf(templates);
    this.bindings = Map.copyOf(bindings);
    this.allowlists = Map.copyOf(allowlists);
  }

  /** Compiles a parsed document; problems (unknown templates, redefined built-ins) are added to the list. */
  public static RuleSet compile(PolicyDocument doc, List<String> problems) {
    Map<String, List<CompiledRule>> templates = new LinkedHashMap<>(BuiltInTemplates.all());
    doc.templates().forEach((name, body) -> {
      if (templates.containsKey(name)) {
        problems.add("templates." + name + ": redefines a built-in template");
      } else {
        templates.put(name, body.stream().map(r -> r.bound("template '" + name + "'", r.users(), r.groups(),
            r.instances())).toList());
      }
    });
    RuleSet set = new RuleSet(doc.rules(), doc.rules(), templates, Map.of(), Map.of());
    for (Map.Entry<String, InstancePolicy> b : doc.instances().entrySet()) {
      String problem = set.unknownTemplate(b.getValue());
      if (problem != null) {
        problems.add("instances." + b.getKey() + ".template: " + problem);
      }
    }
    return problems.isEmpty() ? set.withBindings(doc.instances()) : set;
  }

  /** Why a binding cannot be applied, or null. */
  public @Nullable String unknownTemplate(InstancePolicy binding) {
    if (binding.template() == null || templates.containsKey(binding.template())) {
      return null;
    }
    return "unknown template '" + binding.template() + "' (known: " + new TreeSet<>(templates.keySet()) + ")";
  }

  /** A copy with these bindings added or replaced; the bindings must name known templates. */
  public RuleSet withBindings(Map<String, InstancePolicy> changes) {
    Map<String, InstancePolicy> next = new HashMap<>(bindings);
    next.putAll(changes);
    return rebuild(next);
  }

  /** A copy without the binding of this instance. */
  public RuleSet withoutBinding(String instanceId) {
    Map<String, InstancePolicy> next = new HashMap<>(bindings);
    next.remove(instanceId);
    return rebuild(next);
  }

  /** The templates (built-in and defined) evaluated as ceilings. */
  public TemplateCeilings ceilings() {
    return new TemplateCeilings(templates);
  }

  public Set<String> templateNames() {
    return new TreeSet<>(templates.keySet());
  }

  private RuleSet rebuild(Map<String, InstancePolicy> next) {
    List<CompiledRule> all = new ArrayList<>(base);
    Map<String, Set<String>> lists = new HashMap<>();
    next.forEach((instanceId, binding) -> {
      if (binding.template() != null) {
        Matcher users = new Matcher(binding.users().stream().map(Glob::of).toList());
        Matcher groups = new Matcher(binding.groups().stream().map(Glob::of).toList());
        Matcher instance = new Matcher(List.of(Glob.of(instanceId)));
        for (CompiledRule r : templates.get(binding.template())) {
          all.add(r.bound("binding of " + r.origin() + " on instance '" + instanceId + "'", users, groups,
              instance));
        }
      }
      if (binding.allowOperations() != null) {
        lists.put(instanceId, Set.copyOf(binding.allowOperations()));
      }
    });
    return new RuleSet(base, all, templates, next, lists);
  }

  /** Decides: allowlist, then deny rules, then allow rules, else deny. */
  public PolicyDecision evaluate(PolicyContext ctx) {
    if (ctx.action() == Action.OPERATION_INVOKE && ctx.connectorInstanceId() != null) {
      Set<String> allowed = allowlists.get(ctx.connectorInstanceId());
      if (allowed != null && !allowed.contains(ctx.operationName())) {
        return PolicyDecision.deny("operation '" + ctx.operationName() + "' is not in the allowlist of instance '"
            + ctx.connectorInstanceId() + "'");
      }
    }
    CompiledRule allowedBy = null;
    for (CompiledRule rule : rules) {
      if (rule.matches(ctx)) {
        if (!rule.allow()) {
          return PolicyDecision.deny("denied by " + rule.origin());
        }
        if (allowedBy == null) {
          allowedBy = rule;
        }
      }
    }
    return allowedBy != null ? PolicyDecision.allow("allowed by " + allowedBy.origin())
        : PolicyDecision.deny("no rule allows " + ctx.action().wireName() + " (default deny)");
  }
}
