package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a spec's policy binding server-side (§19.6): {@code policy.actionScope} holds only the closed
 * {@link ActionScope} vocabulary, {@code policyTemplate} names a template the engine knows, every
 * {@code policy.allowOperations} entry is an operation of the type, and every listed operation is one the
 * action scope lets the instance invoke (a mutating operation needs {@code connector.write} or {@code
 * connector.operation.invoke}). Stateless.
 */
final class SpecPolicyChecker {
  private static final String SCOPE = "/spec/policy/actionScope/";
  private static final String OPERATIONS = "/spec/policy/allowOperations/";

  private SpecPolicyChecker() {}

  /** The checks that need no connector type: the scope vocabulary and the template name. */
  static void vocabulary(SpecReader.Document doc, TemplateCatalog templates, List<SpecProblem> out) {
    JsonNode spec = doc.tree().path("spec");
    JsonNode scope = spec.path("policy").path("actionScope");
    for (int i = 0; i < scope.size(); i++) {
      JsonNode value = scope.get(i);
      if (value.isTextual() && ActionScope.of(value.asText()).isEmpty()) {
        out.add(doc.problem(SCOPE + i, "unknown_action_scope", "'" + value.asText()
            + "' is not an action scope (known: " + ActionScope.known() + ")"));
      }
    }
    JsonNode template = spec.path("policyTemplate");
    if (template.isTextual() && !templates.contains(template.asText())) {
      out.add(doc.problem("/spec/policyTemplate", "unknown_policy_template", "no policy template '"
          + template.asText() + "' (known: " + templates.known() + ")"));
    }
  }

  /**
   * The checks against the resolved type: listed operations exist (or name the type's polls, {@code
   * PollingSource.operation()}, which are reads) and fit the action scope.
   */
  static void operations(SpecReader.Document doc, RegisteredType type, List<SpecProblem> out) {
    JsonNode policy = doc.tree().path("spec").path("policy");
    JsonNode allow = policy.path("allowOperations");
    Optional<Set<ActionScope>> scope = scope(policy.path("actionScope"));
    for (int i = 0; i < allow.size(); i++) {
      String name = allow.get(i).asText();
      Optional<CompiledOperation> op = type.operation(name);
      boolean polls = type.type().polling().map(p -> p.operation().equals(name)).orElse(false);
      if (op.isEmpty() && polls) {
        if (scope.isPresent() && !ActionScope.invokes(scope.get(), false)) {
          out.add(doc.problem(OPERATIONS + i, "operation_outside_scope", "'" + name + "' names the type's polls,"
              + " which read, but policy.actionScope grants neither " + ActionScope.READ.wireName() + " nor "
              + ActionScope.OPERATION_INVOKE.wireName()));
        }
      } else if (op.isEmpty()) {
        out.add(doc.problem(OPERATIONS + i, "unknown_operation", "connector type "
            + type.type().coordinates() + " has no operation '" + name + "'"));
      } else if (scope.isPresent() && !ActionScope.invokes(scope.get(), op.get().descriptor().mutating())) {
        boolean mutating = op.get().descriptor().mutating();
        out.add(doc.problem(OPERATIONS + i, "operation_outside_scope", "operation '" + name + "' is "
            + (mutating ? "mutating" : "not mutating") + " but policy.actionScope grants neither "
            + (mutating ? ActionScope.WRITE : ActionScope.READ).wireName() + " nor "
            + ActionScope.OPERATION_INVOKE.wireName()));
      }
    }
  }

  /** The scope, when present and made only of known names (unknown ones are reported by vocabulary). */
  private static Optional<Set<ActionScope>> scope(JsonNode names) {
    if (!names.isArray() || names.isEmpty()) {
      return Optional.empty();
    }
    Set<ActionScope> scope = EnumSet.noneOf(ActionScope.class);
    for (JsonNode name : names) {
      Optional<ActionScope> known = ActionScope.of(name.asText());
      if (known.isEmpty()) {
        return Optional.empty();
      }
      scope.add(known.get());
    }
    return Optional.of(scope);
  }
}
