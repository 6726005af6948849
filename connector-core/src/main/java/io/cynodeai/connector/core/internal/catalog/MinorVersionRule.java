package io.cynodeai.connector.core.internal.catalog;

import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.SemanticVersion;
import io.cynodeai.connector.spi.compat.CompatibilityChecker;
import io.cynodeai.connector.spi.compat.CompatibilityReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The §3.1 rule "minor versions are additive only" applied to a set of versions of connector types: within one
 * major version, each version must be compatible with the one before it ({@link CompatibilityChecker}). Versions
 * that are not semantic versions are skipped (the type validator refuses them). Stateless.
 */
public final class MinorVersionRule {
  private MinorVersionRule() {}

  /**
   * Every pair of neighbouring versions of one type and major version whose newer one breaks the older, in
   * type-name and version order.
   */
  public static List<CompatibilityReport> violations(Collection<ConnectorType> types) {
    Map<String, List<ConnectorType>> byName = new TreeMap<>();
    for (ConnectorType type : types) {
      if (SemanticVersion.isValid(type.version())) {
        byName.computeIfAbsent(type.name(), k -> new ArrayList<>()).add(type);
      }
    }
    List<CompatibilityReport> found = new ArrayList<>();
    for (List<ConnectorType> versions : byName.values()) {
      versions.sort(Comparator.comparing(t -> SemanticVersion.parse(t.version())));
      for (int i = 1; i < versions.size(); i++) {
        check(versions.get(i - 1), versions.get(i)).ifPresent(found::add);
      }
    }
    return found;
  }

  /**
   * The breaking change report for {@code newer} against {@code older} when both have the same major version,
   * {@code newer} is the greater and it breaks {@code older}; empty otherwise.
   */
  public static Optional<CompatibilityReport> check(ConnectorType older, ConnectorType newer) {
    SemanticVersion from = SemanticVersion.parse(older.version());
    SemanticVersion to = SemanticVersion.parse(newer.version());
    if (from.major() != to.major() || to.compareTo(from) <= 0) {
      return Optional.empty();
    }
    CompatibilityReport report = CompatibilityChecker.check(older, newer);
    return report.compatible() ? Optional.empty() : Optional.of(report);
  }

  /** The refusal text for {@code reports}: what the rule says, then each report's summary. */
  /**
   * Refuses {@code types} when a minor or patch version breaks its predecessor (§3.1).
   *
   * @throws io.cynodeai.connector.api.ConnectorException naming every breaking change
   */
  public static void requireAdditive(Collection<ConnectorType> types) {
    List<CompatibilityReport> broken = violations(types);
    if (!broken.isEmpty()) {
      throw new io.cynodeai.connector.api.ConnectorException(describe(broken));
    }
  }

  public static String describe(List<CompatibilityReport> reports) {
    StringBuilder text = new StringBuilder("minor and patch versions must be additive only (§3.1); a breaking change"
        + " needs a new major version:");
    reports.forEach(r -> text.append(System.lineSeparator()).append(r.summary()));
    return text.toString();
  }
}
