package io.cynodeai.connector.core.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A feature flag for a connector type (§13): enabled or disabled for every version or one version, globally or
 * for one tenant (a project or a group). Immutable.
 *
 * <p>Resolution ({@link #deciding}): among the flags that apply to a type version and a tenant, the most
 * specific decides — a project's flag over a group's over the global one, and at the same scope a
 * version's flag over the type-wide one; between groups at the same level, disabled wins. With no flag, a
 * type is enabled.
 *
 * @param connectorType the type name
 * @param version one version, or null for every version
 * @param scope global, project or group
 * @param tenantId the project or group id; null for global
 * @param enabled whether the type is enabled there
 * @param setBy who set the flag
 * @param setAt when
 */
public record FeatureFlag(String connectorType, @Nullable String version, Scope scope, @Nullable String tenantId,
    boolean enabled, String setBy, Instant setAt) {

  /** Where a flag applies. */
  public enum Scope {
    GLOBAL,
    GROUP,
    PROJECT
  }

  public FeatureFlag {
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(setBy, "setBy");
    Objects.requireNonNull(setAt, "setAt");
    if (connectorType.isBlank() || (version != null && version.isBlank())) {
      throw new IllegalArgumentException("a flag names a type (and optionally a version)");
    }
    if ((scope == Scope.GLOBAL) != (tenantId == null) || (tenantId != null && tenantId.isBlank())) {
      throw new IllegalArgumentException("a global flag has no tenant id; a project or group flag has one");
    }
  }

  /** What identifies a flag: setting a flag with the same key replaces it. */
  public String key() {
    return connectorType + "@" + (version == null ? "*" : version) + "/" + scope + "/"
        + (tenantId == null ? "" : tenantId);
  }

  boolean appliesTo(String type, String typeVersion, @Nullable String projectId, Collection<String> groups) {
    if (!connectorType.equals(type) || (version != null && !version.equals(typeVersion))) {
      return false;
    }
    return switch (scope) {
      case GLOBAL -> true;
      case PROJECT -> tenantId != null && tenantId.equals(projectId);
      case GROUP -> groups.contains(tenantId);
    };
  }

  /**
   * The flag that decides whether {@code type@version} is enabled for a tenant, if any applies.
   *
   * @param projectId the tenant's project, or null
   * @param groups the tenant's groups
   */
  public static Optional<FeatureFlag> deciding(Collection<FeatureFlag> flags, String type, String version,
      @Nullable String projectId, Collection<String> groups) {
    List<FeatureFlag> applicable = flags.stream()
        .filter(f -> f.appliesTo(type, version, projectId, groups)).toList();
    return applicable.stream().max(Comparator.comparingInt(FeatureFlag::specificity)
        .thenComparing(f -> !f.enabled()));
  }

  private int specificity() {
    return scope.ordinal() * 2 + (version == null ? 0 : 1);
  }
}
