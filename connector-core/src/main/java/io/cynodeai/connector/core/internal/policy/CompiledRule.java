package io.cynodeai.connector.core.internal.policy;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import java.util.Set;

/**
 * A validated rule: an effect for some actions, by some subjects (users or groups), within a scope
 * (projects, instances, connector types), for some operations and execution modes. Immutable.
 *
 * @param origin where the rule came from, for decision reasons ({@code rule 'ops-read'}, {@code template
 *     'read-only-notifications' on instance 'ops-mail'})
 */
public record CompiledRule(
    String origin,
    boolean allow,
    Set<Action> actions,
    Matcher users,
    Matcher groups,
    Matcher projects,
    Matcher instances,
    Matcher types,
    Matcher operations,
    Set<ExecutionMode> modes) {

  public CompiledRule {
    actions = Set.copyOf(actions);
    modes = Set.copyOf(modes);
  }

  /** Whether the rule applies to this context. */
  public boolean matches(PolicyContext ctx) {
    return subjectMatches(ctx) && scopeMatches(ctx);
  }

  /**
   * Whether the rule applies to this context whoever the caller is: action, scope, operation and mode only
   * (how a template acts as an instance's ceiling).
   */
  public boolean scopeMatches(PolicyContext ctx) {
    return actions.contains(ctx.action())
        && projects.matches(ctx.projectId())
        && instances.matches(ctx.connectorInstanceId())
        && types.matches(ctx.connectorType())
        && operations.matches(ctx.operationName())
        && (modes.isEmpty() || (ctx.executionMode() != null && modes.contains(ctx.executionMode())));
  }

  private boolean subjectMatches(PolicyContext ctx) {
    return (users.constrained() && users.matches(ctx.userId()))
        || (groups.constrained() && groups.matchesAny(ctx.groupIds()));
  }

  /** A copy whose subjects and instance scope are the given ones (a template bound to an instance). */
  CompiledRule bound(String boundOrigin, Matcher boundUsers, Matcher boundGroups, Matcher boundInstances) {
    return new CompiledRule(boundOrigin, allow, actions, boundUsers, boundGroups, projects, boundInstances,
        types, operations, modes);
  }
}
