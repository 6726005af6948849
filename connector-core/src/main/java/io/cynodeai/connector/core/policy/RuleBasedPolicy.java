package io.cynodeai.connector.core.policy;

import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.internal.policy.RuleSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in policy engine (§9, §19.6): declarative rules over the action and the §9.2 context, named
 * templates, and per-instance template bindings and operation allowlists. A rule allows or denies some
 * actions to some subjects (users or groups) within a scope (projects, instances, connector types), for some
 * operations and modes; names may use {@code *} globs. Deny wins over allow, an instance's allowlist denies
 * every other operation, and what no rule allows is denied. Load one with {@link Policies}.
 *
 * <p>Immutable and thread-safe; {@link #withInstance} returns a new policy, so a host swaps policies
 * atomically and a refused change leaves the running one untouched.
 */
public final class RuleBasedPolicy implements PolicyEngine {
  private final RuleSet rules;

  RuleBasedPolicy(RuleSet rules) {
    this.rules = rules;
  }

  @Override
  public PolicyDecision evaluate(PolicyContext context) {
    return rules.evaluate(Objects.requireNonNull(context, "context"));
  }

  /**
   * This policy with an instance's template binding and allowlist set (replacing any it had), the only policy
   * a declarative spec may carry (§19.6).
   *
   * @throws InvalidPolicyException if the template is unknown; this policy is unchanged
   */
  public RuleBasedPolicy withInstance(String instanceId, InstancePolicy binding) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(binding, "binding");
    String problem = rules.unknownTemplate(binding);
    if (problem != null) {
      throw new InvalidPolicyException("binding for instance '" + instanceId + "'", List.of("template: " + problem));
    }
    return new RuleBasedPolicy(rules.withBindings(Map.of(instanceId, binding)));
  }

  /** This policy without the instance's binding. */
  public RuleBasedPolicy withoutInstance(String instanceId) {
    return new RuleBasedPolicy(rules.withoutBinding(Objects.requireNonNull(instanceId, "instanceId")));
  }

  /**
   * How the named template alone decides {@code context}, whoever the caller is: the ceiling a declarative
   * spec's {@code policyTemplate} puts on its instance (§19.6). The template's subjects and instance bindings
   * are ignored; its actions, scope, operations and modes apply; deny wins; what it does not allow is denied.
   *
   * @return the decision, or empty when this policy knows no template of that name
   */
  public Optional<PolicyDecision> evaluateTemplate(String template, PolicyContext context) {
    return rules.ceilings().evaluate(Objects.requireNonNull(template, "template"),
        Objects.requireNonNull(context, "context"));
  }

  /** The names of the templates an instance may be bound to: built-in and defined by the document. */
  public Set<String> templates() {
    return rules.templateNames();
  }
}
