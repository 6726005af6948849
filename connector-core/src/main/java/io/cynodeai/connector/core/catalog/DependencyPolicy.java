package io.cynodeai.connector.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The host's rules for the dependencies embedded in an untrusted connector bundle (REQ-GOV-007), used by
 * {@link DependencyReviewer}. Rules name Maven coordinates:
 *
 * <ul>
 *   <li>{@link #allow(String)}: {@code group:artifact}, {@code group:*} or a group prefix {@code com.acme.*};
 *   <li>{@link #deny(String, String)}: {@code group:artifact} (or {@code group:*}) with a {@link VersionRange},
 *       e.g. {@code deny("org.apache.logging.log4j:log4j-core", "[2.0,2.17.1)")}, and a reason;
 *   <li>{@link #ownPackages(String...)}: the bundle's own code, so its classes are not "unidentified";
 *   <li>{@link #requireKnown(boolean)}: whether a dependency no rule covers fails the review.
 * </ul>
 *
 * A deny rule wins over an allow rule. Immutable; the methods return changed copies.
 */
public final class DependencyPolicy {
  private final List<String> allowed;
  private final List<Deny> denied;
  private final List<String> ownPackages;
  private final boolean requireKnown;

  /** A deny rule: coordinates pattern, range and why. */
  record Deny(String pattern, VersionRange range, String reason) {}

  private DependencyPolicy(List<String> allowed, List<Deny> denied, List<String> ownPackages,
      boolean requireKnown) {
    this.allowed = List.copyOf(allowed);
    this.denied = List.copyOf(denied);
    this.ownPackages = List.copyOf(ownPackages);
    this.requireKnown = requireKnown;
  }

  /** No rules: every dependency is unknown, and unknown ones pass. */
  public static DependencyPolicy empty() {
    return new DependencyPolicy(List.of(), List.of(), List.of(), false);
  }

  /**
   * Allows {@code pattern}: {@code group:artifact}, {@code group:*}, or {@code prefix.*} for every group under a
   * prefix.
   *
   * @throws IllegalArgumentException if the pattern is malformed
   */
  public DependencyPolicy allow(String pattern) {
    validatePattern(pattern, true);
    List<String> next = new ArrayList<>(allowed);
    next.add(pattern);
    return new DependencyPolicy(next, denied, ownPackages, requireKnown);
  }

  /** Denies every version of {@code coordinates} ({@code group:artifact} or {@code group:*}). */
  public DependencyPolicy deny(String coordinates, String reason) {
    return deny(coordinates, "[0,)", reason);
  }

  /**
   * Denies the versions of {@code coordinates} in {@code range}.
   *
   * @throws IllegalArgumentException if the coordinates or the range are malformed
   */
  public DependencyPolicy deny(String coordinates, String range, String reason) {
    validatePattern(coordinates, false);
    Objects.requireNonNull(reason, "reason");
    List<Deny> next = new ArrayList<>(denied);
    next.add(new Deny(coordinates, VersionRange.parse(range), reason));
    return new DependencyPolicy(allowed, next, ownPackages, requireKnown);
  }

  /** Declares the bundle's own packages (their classes are neither a dependency nor unidentified). */
  public DependencyPolicy ownPackages(String... packages) {
    return new DependencyPolicy(allowed, denied, List.of(packages), requireKnown);
  }

  /** Whether a dependency that no rule covers (or classes no dependency explains) fail the review. */
  public DependencyPolicy requireKnown(boolean require) {
    return new DependencyPolicy(allowed, denied, ownPackages, require);
  }

  boolean requiresKnown() {
    return requireKnown;
  }

  List<String> ownPackageList() {
    return ownPackages;
  }

  /** The first deny rule covering the dependency, if any. */
  Optional<Deny> denial(String groupId, String artifactId, String version) {
    return denied.stream().filter(d -> matches(d.pattern(), groupId, artifactId) && d.range().contains(version))
        .findFirst();
  }

  /** The first allow rule covering the dependency, if any. */
  Optional<String> allowance(String groupId, String artifactId) {
    return allowed.stream().filter(p -> matches(p, groupId, artifactId)).findFirst();
  }

  private static boolean matches(String pattern, String groupId, String artifactId) {
    int colon = pattern.indexOf(':');
    if (colon < 0) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      return groupId.equals(prefix) || groupId.startsWith(prefix + ".");
    }
    String g = pattern.substring(0, colon);
    String a = pattern.substring(colon + 1);
    return g.equals(groupId) && (a.equals("*") || a.equals(artifactId));
  }

  private static void validatePattern(@Nullable String pattern, boolean prefixAllowed) {
    Objects.requireNonNull(pattern, "pattern");
    int colon = pattern.indexOf(':');
    boolean ok = colon < 0
        ? prefixAllowed && pattern.endsWith(".*") && pattern.length() > 2 && !pattern.contains("*.")
        : colon > 0 && colon < pattern.length() - 1 && pattern.indexOf(':', colon + 1) < 0
            && !pattern.substring(0, colon).contains("*");
    if (!ok || pattern.isBlank() || pattern.contains(" ")) {
      throw new IllegalArgumentException("malformed dependency pattern '" + pattern + "': use group:artifact, "
          + "group:*" + (prefixAllowed ? " or group.prefix.*" : ""));
    }
  }
}
