package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.internal.policy.TemplateCeilings;
import io.cynodeai.connector.core.policy.RuleBasedPolicy;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy templates a spec's {@code policyTemplate} may name, evaluated as ceilings: the built-in ones, or,
 * when the engine's policy is a {@link RuleBasedPolicy}, its templates (built-in and defined by its document).
 * Immutable and thread-safe.
 */
public final class TemplateCatalog {
  private final Set<String> names;
  private final Ceiling ceiling;

  private interface Ceiling {
    Optional<PolicyDecision> evaluate(String template, PolicyContext ctx);
  }

  private TemplateCatalog(Set<String> names, Ceiling ceiling) {
    this.names = Set.copyOf(names);
    this.ceiling = ceiling;
  }

  /** The templates the engine's policy knows. */
  public static TemplateCatalog of(PolicyEngine engine) {
    if (engine instanceof RuleBasedPolicy rules) {
      return new TemplateCatalog(rules.templates(), rules::evaluateTemplate);
    }
    TemplateCeilings builtIn = TemplateCeilings.builtIn();
    return new TemplateCatalog(builtIn.names(), builtIn::evaluate);
  }

  boolean contains(String template) {
    return names.contains(template);
  }

  /** The known names, sorted, for messages. */
  String known() {
    return new TreeSet<>(names).toString();
  }

  /** The template's decision as a ceiling; an unknown template denies. */
  PolicyDecision ceiling(String template, PolicyContext ctx) {
    return ceiling.evaluate(template, ctx)
        .orElseGet(() -> PolicyDecision.deny("policy template '" + template + "' is not known to this engine"));
  }
}
