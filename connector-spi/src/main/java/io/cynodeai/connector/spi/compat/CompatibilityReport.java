package io.cynodeai.connector.spi.compat;

import io.cynodeai.connector.spi.SemanticVersion;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CompatibilityChecker#check} found between two versions of one connector type, and whether the
 * version change is legal under §3.1: the version must increase, and breaking changes are allowed only when
 * the major version increases. Immutable and thread-safe.
 *
 * <p>Patch and minor increases are treated alike: either may carry additive changes only. Major version
 * {@code 0} gets no special treatment.
 *
 * @param typeName the connector type both versions belong to
 * @param olderVersion the version compared from
 * @param newerVersion the version compared to
 * @param breakingChanges every breaking change found, config first, then operations in the older version's
 *     declaration order
 */
public record CompatibilityReport(
    String typeName, SemanticVersion olderVersion, SemanticVersion newerVersion,
    List<BreakingChange> breakingChanges) {

  public CompatibilityReport {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(olderVersion, "olderVersion");
    Objects.requireNonNull(newerVersion, "newerVersion");
    breakingChanges = List.copyOf(breakingChanges);
    if (typeName.isBlank()) {
      throw new IllegalArgumentException("typeName must not be blank");
    }
  }

  /** {@code name@version} of the older version. */
  public String olderCoordinates() {
    return typeName + "@" + olderVersion;
  }

  /** {@code name@version} of the newer version. */
  public String newerCoordinates() {
    return typeName + "@" + newerVersion;
  }

  /** Whether no breaking change was found, so a minor or patch increase suffices. */
  public boolean compatible() {
    return breakingChanges.isEmpty();
  }

  /** Whether the newer version is greater than the older. */
  public boolean versionIncreased() {
    return newerVersion.compareTo(olderVersion) > 0;
  }

  /** Whether the major version increased, which is what permits breaking changes. */
  public boolean majorVersionIncreased() {
    return newerVersion.major() > olderVersion.major();
  }

  /**
   * Whether §3.1 allows this change: the version increased, and either nothing breaks or the major version
   * increased.
   */
  public boolean versionChangeAllowed() {
    return versionIncreased() && (compatible() || majorVersionIncreased());
  }

  /** One line stating the verdict, then one line per breaking change. */
  public String summary() {
    StringBuilder text = new StringBuilder(olderCoordinates()).append(" -> ").append(newerCoordinates()).append(": ");
    int n = breakingChanges.size();
    String changes = n + " breaking change" + (n == 1 ? "" : "s");
    if (!versionIncreased()) {
      text.append("not allowed, the version does not increase");
      text.append(compatible() ? "" : "; " + changes);
    } else if (compatible()) {
      text.append("compatible");
    } else if (majorVersionIncreased()) {
      text.append(changes).append(", allowed by the major version increase");
    } else {
      text.append("not allowed, ").append(changes).append(" need a major version increase");
    }
    breakingChanges.forEach(c -> text.append(System.lineSeparator()).append("  ").append(c));
    return text.toString();
  }
}
