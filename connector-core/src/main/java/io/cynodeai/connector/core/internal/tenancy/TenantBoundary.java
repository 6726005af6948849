package io.cynodeai.connector.core.internal.tenancy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.core.tenancy.ProjectGrant;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Applies {@link TenancyRules} to one caller and one instance. Immutable and thread-safe. */
public final class TenantBoundary {
  private final TenancyRules rules;

  public TenantBoundary(TenancyRules rules) {
    this.rules = rules;
  }

  /** Whether the caller may see the instance at all for this action (else it "does not exist" for them). */
  public boolean reachable(ConnectorInstance instance, Caller caller, Action action) {
    return reachable(instance.owner(), instance.projectId(), caller, action);
  }

  /**
   * Whether the caller may see something owned by {@code owner} in {@code project} (an instance, or the
   * stored spec that declares it) for this action.
   */
  public boolean reachable(OwnerScope owner, @Nullable String project, Caller caller, Action action) {
    if (!rules.enforced()) {
      return true;
    }
    if (project == null) {
      return owns(owner, caller);
    }
    if (project.equals(caller.projectId())) {
      return true;
    }
    for (ProjectGrant grant : rules.grants()) {
      if (grant.toProject().equals(project) && grant.fromProject().equals(caller.projectId())
          && grant.actions().contains(action)) {
        return true;
      }
    }
    return false;
  }

  /** Why the caller may not change this (reachable) instance, or null if they may. */
  public @Nullable String cannotManage(ConnectorInstance instance, Caller caller) {
    if (!rules.enforced() || owns(instance.owner(), caller)) {
      return null;
    }
    if (rules.projectOverride() && instance.projectId() != null
        && instance.projectId().equals(caller.projectId())) {
      return null;
    }
    return instance.owner().type() == OwnerScope.Type.GROUP
        ? "only members of the owning group may manage this instance"
        : "only the owning user may manage this instance";
  }

  /** Why the caller may not create an instance with this owner and project, or null if they may. */
  public @Nullable String cannotInstall(OwnerScope owner, @Nullable String project, Caller caller) {
    if (!rules.enforced()) {
      return null;
    }
    if (project != null && !project.equals(caller.projectId())) {
      return "an instance can only be installed into the caller's own project";
    }
    if (!owns(owner, caller)) {
      return owner.type() == OwnerScope.Type.GROUP ? "the caller is not a member of the owning group"
          : "the caller is not the owning user";
    }
    return null;
  }

  private static boolean owns(OwnerScope owner, Caller caller) {
    return owner.type() == OwnerScope.Type.USER ? owner.id().equals(caller.userId())
        : caller.groupIds().contains(owner.id());
  }

  /** The message every caller gets for an instance that does not exist or is out of their reach. */
  public static String unknownInstance(String instanceId) {
    return "no connector instance '" + Objects.requireNonNull(instanceId, "instanceId") + "'";
  }
}
