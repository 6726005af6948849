package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks a batch of specs passes before anything is written: names out of the caller's reach, the
 * caller's right for the action, identity conflicts, immutable fields and major-version moves; and, for a
 * diff, what an apply would refuse. Thread-safe.
 */
final class SpecPreflight {
  private final TypeRegistry types;
  private final PolicyEngine policy;
  private final TenantBoundary boundary;

  SpecPreflight(TypeRegistry types, PolicyEngine policy, TenantBoundary boundary) {
    this.types = types;
    this.policy = policy;
    this.boundary = boundary;
  }

  /** Authorization, identity conflicts and immutable fields, for every spec of a batch. */
  List<SpecProblem> check(List<ConnectorSpec> batch, Caller caller, Action action, DefaultSpecService.Current now) {
    List<SpecProblem> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ConnectorSpec spec = batch.get(i);
      if (taken(spec.name(), now, caller, action)) {
        out.add(new SpecProblem(i, "/metadata/name", "instance_exists", "the name '" + spec.name()
            + "' is taken; choose another name", 0, 0));
        continue;
      }
      if (!allowed(action, spec.name(), spec.spec().type(), caller)) {
        out.add(new SpecProblem(i, "", "policy_denied", "the caller may not " + action.wireName() + " '"
            + spec.name() + "'", 0, 0));
        continue;
      }
      SpecConflicts.identity(i, spec, now.specs().get(spec.name()), out);
      Optional<ConnectorInstance> live = Optional.ofNullable(now.instances().get(spec.name()))
          .filter(inst -> !inst.deleted());
      if (live.isPresent()) {
        SpecConflicts.immutable(i, spec, live.get(), out);
        SpecConflicts.majorVersion(i, spec, live.get(), types.resolve(spec.spec().type(), spec.spec().typeVersion())
            .map(t -> t.type().version()).orElse(null), out);
      }
    }
    return out;
  }

  /**
   * What an apply of this batch would refuse that a diff's read checks do not see: the caller's right to
   * manage ({@code policy_denied}) and to create or change each instance under the tenancy rules ({@code
   * tenant_boundary}), so a diff predicts the apply's refusal.
   */
  List<SpecProblem> wouldRefuse(List<ConnectorSpec> batch, Caller caller, DefaultSpecService.Current now) {
    List<SpecProblem> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ConnectorSpec spec = batch.get(i);
      if (!allowed(Action.INSTANCE_MANAGE, spec.name(), spec.spec().type(), caller)) {
        out.add(new SpecProblem(i, "", "policy_denied", "apply would be refused: the caller may not "
            + Action.INSTANCE_MANAGE.wireName() + " '" + spec.name() + "'", 0, 0));
        continue;
      }
      ConnectorInstance live = now.instances().get(spec.name());
      String why = live == null || live.deleted()
          ? boundary.cannotInstall(spec.metadata().owner(), spec.metadata().projectId(), caller)
          : boundary.cannotManage(live, caller);
      if (why != null) {
        out.add(new SpecProblem(i, "/metadata/owner", "tenant_boundary", "apply would be refused: " + why, 0, 0));
      }
    }
    return out;
  }

  /**
   * Whether a name is held by a stored spec or an instance (even soft-deleted) that is out of the caller's
   * reach: applying it would cross the tenant boundary, so it is refused like installing a taken id, without
   * comparing anything of the other tenant's (uid, version, owner, project).
   */
  private boolean taken(String name, DefaultSpecService.Current now, Caller caller, Action action) {
    ConnectorSpec stored = now.specs().get(name);
    ConnectorInstance instance = now.instances().get(name);
    return (stored != null && !boundary.reachable(stored.metadata().owner(), stored.metadata().projectId(), caller, action))
        || (instance != null && !boundary.reachable(instance, caller, action));
  }

  /** Whether the host's policy lets {@code caller} do {@code action} on the spec {@code name} of {@code type}. */
  boolean allowed(Action action, String name, String type, Caller caller) {
    return PolicyGate.evaluate(policy, new PolicyContext(action, caller.userId(), caller.groupIds(),
        caller.projectId(), name, type, null, null)).allowed();
  }
}
