package io.cynodeai.connector.core.tenancy;

import io.cynodeai.connector.api.policy.Action;
import java.util.List;
import java.util.Set;

/**
 * The §12 tenancy rules the engine enforces on every API, before and independently of the host's policy
 * (see {@code docs/tenancy.md}):
 *
 * <ul>
 *   <li>an instance with a project is reachable only by callers acting in that project (group-owned
 *       instances are project-scoped like any other), unless a {@link ProjectGrant} opens the boundary;
 *   <li>an instance without a project is reachable only by its owner: the owning user, or members of the
 *       owning group, from any project;
 *   <li>changing an instance ({@code connector.instance.manage}) also requires owning it (being the owning
 *       user or in the owning group), unless {@code projectOverride} lets any caller of the instance's project
 *       manage it;
 *   <li>an unreachable instance is indistinguishable from one that does not exist.
 * </ul>
 *
 * @param enforced whether the boundaries apply at all; only {@link #singleTenant()} turns them off
 * @param projectOverride whether callers of an instance's project may manage it without owning it
 * @param grants the deliberate cross-project openings
 */
public record TenancyRules(boolean enforced, boolean projectOverride, List<ProjectGrant> grants) {
  private static final TenancyRules STRICT = new TenancyRules(true, false, List.of());
  private static final TenancyRules SINGLE_TENANT = new TenancyRules(false, true, List.of());

  public TenancyRules {
    grants = List.copyOf(grants);
  }

  /** The default: hard project boundaries, no project override. */
  public static TenancyRules strict() {
    return STRICT;
  }

  /**
   * No boundaries: every caller reaches and may manage every instance (the host's policy still applies).
   * For a single operator's embedded engine, such as {@code connectorctl} over its own state directory;
   * never for a host serving several tenants.
   */
  public static TenancyRules singleTenant() {
    return SINGLE_TENANT;
  }

  public TenancyRules withProjectOverride(boolean allowed) {
    return new TenancyRules(enforced, allowed, grants);
  }

  /** These rules plus a grant for callers of {@code fromProject} on {@code toProject}'s instances. */
  public TenancyRules withGrant(String fromProject, String toProject, Action... actions) {
    List<ProjectGrant> next = new java.util.ArrayList<>(grants);
    next.add(new ProjectGrant(fromProject, toProject, Set.of(actions)));
    return new TenancyRules(enforced, projectOverride, next);
  }
}
