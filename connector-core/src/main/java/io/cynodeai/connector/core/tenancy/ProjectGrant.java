package io.cynodeai.connector.core.tenancy;

import io.cynodeai.connector.api.policy.Action;
import java.util.Objects;
import java.util.Set;

/**
 * A deliberate opening of the project boundary: callers acting in {@code fromProject} may reach instances
 * of {@code toProject} for the given actions (the host's policy still decides each call).
 */
public record ProjectGrant(String fromProject, String toProject, Set<Action> actions) {
  public ProjectGrant {
    Objects.requireNonNull(fromProject, "fromProject");
    Objects.requireNonNull(toProject, "toProject");
    actions = Set.copyOf(actions);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a project grant must name at least one action");
    }
    if (fromProject.equals(toProject)) {
      throw new IllegalArgumentException("a project grant must cross projects");
    }
  }
}
