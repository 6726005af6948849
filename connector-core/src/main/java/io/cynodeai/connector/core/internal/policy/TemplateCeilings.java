package io.cynodeai.connector.core.internal.policy;

import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named templates evaluated as ceilings (§19.6): how a template alone decides a context whoever the caller
 * is. Its subjects and instance bindings are ignored; its actions, scope, operations and modes apply. Deny
 * wins, then allow, and what the template does not allow is denied. Immutable and thread-safe.
 */
public final class TemplateCeilings {
  private static final TemplateCeilings BUILT_IN = new TemplateCeilings(BuiltInTemplates.all());

  private final Map<String, List<CompiledRule>> templates;

  TemplateCeilings(Map<String, List<CompiledRule>> templates) {
    this.templates = Map.copyOf(templates);
  }

  /** The built-in templates only ({@code read-only-notifications}, {@code operate}, {@code manage}). */
  public static TemplateCeilings builtIn() {
    return BUILT_IN;
  }

  /** The names of the templates, sorted. */
  public Set<String> names() {
    return new TreeSet<>(templates.keySet());
  }

  /** The template's decision on {@code ctx}, or empty when there is no template of that name. */
  public Optional<PolicyDecision> evaluate(String template, PolicyContext ctx) {
    List<CompiledRule> rules = templates.get(template);
    if (rules == null) {
      return Optional.empty();
    }
    boolean allowed = false;
    for (CompiledRule rule : rules) {
      if (rule.scopeMatches(ctx)) {
        if (!rule.allow()) {
          return Optional.of(PolicyDecision.deny("denied by template '" + template + "'"));
        }
        allowed = true;
      }
    }
    return Optional.of(allowed ? PolicyDecision.allow("allowed by template '" + template + "'")
        : PolicyDecision.deny("template '" + template + "' does not allow " + ctx.action().wireName()
            + (ctx.operationName() == null ? "" : " of '" + ctx.operationName() + "'")));
  }
}
