package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.PolicySpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One instance's spec policy (§19.6) compiled for the invocation path: its operation allowlist, its action
 * scope and its template ceiling. It only narrows what the host's policy allowed; {@link #denial} says why a
 * call is still refused, or null. Immutable.
 *
 * @param instance the instance (the spec's name)
 * @param allowOperations the only operations that may be invoked, or null for no allowlist
 * @param actionScope what the instance may do at all, or null for no action narrowing
 * @param template the template whose invoke decisions are the instance's ceiling, or null
 */
record SpecPolicy(
    String instance,
    @Nullable Set<String> allowOperations,
    @Nullable Set<ActionScope> actionScope,
    @Nullable String template) {

  SpecPolicy {
    allowOperations = allowOperations == null ? null : Set.copyOf(allowOperations);
    actionScope = actionScope == null ? null : Set.copyOf(actionScope);
  }

  /** The spec's policy, or empty when the spec has neither {@code policy} nor {@code policyTemplate}. */
  static Optional<SpecPolicy> of(ConnectorSpec spec) {
    PolicySpec policy = spec.spec().policy();
    String template = spec.spec().policyTemplate();
    if (policy == null && template == null) {
      return Optional.empty();
    }
    Set<ActionScope> scope = null;
    if (policy != null && !policy.actionScope().isEmpty()) {
      scope = EnumSet.noneOf(ActionScope.class);
      for (String name : policy.actionScope()) {
        ActionScope.of(name).ifPresent(scope::add); // validated on apply; an unknown name grants nothing
      }
    }
    List<String> allow = policy == null ? null : policy.allowOperations();
    return Optional.of(new SpecPolicy(spec.name(), allow == null ? null : Set.copyOf(allow), scope, template));
  }

  /** Why the spec forbids invoking {@code ctx}'s operation (mutating or not) on this instance, or null. */
  @Nullable String denial(PolicyContext ctx, boolean mutating, TemplateCatalog templates) {
    String operation = ctx.operationName();
    if (allowOperations != null && (operation == null || !allowOperations.contains(operation))) {
      return "operation '" + operation + "' is not in the spec's allowOperations for instance '" + instance + "'";
    }
    if (actionScope != null && !ActionScope.invokes(actionScope, mutating)) {
      return "operation '" + operation + "' is " + (mutating ? "mutating" : "not mutating") + " and the spec's "
          + "actionScope for instance '" + instance + "' grants neither "
          + (mutating ? ActionScope.WRITE : ActionScope.READ).wireName() + " nor "
          + ActionScope.OPERATION_INVOKE.wireName();
    }
    if (template != null) {
      PolicyDecision ceiling = templates.ceiling(template, ctx);
      if (!ceiling.allowed()) {
        return "operation '" + operation + "' is beyond the spec's policyTemplate '" + template
            + "' for instance '" + instance + "' (" + ceiling.reason() + ")";
      }
    }
    return null;
  }
}
