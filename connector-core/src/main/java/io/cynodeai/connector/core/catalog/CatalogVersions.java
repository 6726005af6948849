package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.catalog.CatalogEntry.Approval;
import io.cynodeai.connector.core.internal.catalog.MinorVersionRule;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.SemanticVersion;
import io.cynodeai.connector.spi.compat.CompatibilityReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The descriptors of the type versions submitted to one catalog, and the §3.1 check of a version against its
 * neighbours in the same major version: the nearest older and the nearest newer version that is in the catalog
 * (not rejected) and whose descriptor is known. Thread-safe.
 */
final class CatalogVersions {
  private final CatalogStore store;
  private final Map<String, ConnectorType> descriptors = new ConcurrentHashMap<>();

  CatalogVersions(CatalogStore store) {
    this.store = store;
  }

  void remember(ConnectorType type) {
    descriptors.put(type.coordinates(), type);
  }

  void forget(String type, String version) {
    descriptors.remove(type + "@" + version);
  }

  /** The refusal for {@code candidate}, or null when it breaks no neighbour and no neighbour breaks it. */
  @Nullable Failed incompatibility(ConnectorType candidate) {
    if (!SemanticVersion.isValid(candidate.version())) {
      return null;
    }
    SemanticVersion at = SemanticVersion.parse(candidate.version());
    ConnectorType older = null;
    ConnectorType newer = null;
    for (CatalogEntry entry : store.entries()) {
      ConnectorType known = descriptors.get(entry.coordinates());
      if (!entry.connectorType().equals(candidate.name()) || entry.approval() == Approval.REJECTED
          || known == null || !SemanticVersion.isValid(entry.version())) {
        continue;
      }
      SemanticVersion v = SemanticVersion.parse(entry.version());
      if (v.major() != at.major() || v.equals(at)) {
        continue;
      }
      if (v.compareTo(at) < 0 && (older == null || v.compareTo(SemanticVersion.parse(older.version())) > 0)) {
        older = known;
      } else if (v.compareTo(at) > 0 && (newer == null || v.compareTo(SemanticVersion.parse(newer.version())) < 0)) {
        newer = known;
      }
    }
    List<CompatibilityReport> broken = new ArrayList<>();
    if (older != null) {
      MinorVersionRule.check(older, candidate).ifPresent(broken::add);
    }
    if (newer != null) {
      MinorVersionRule.check(candidate, newer).ifPresent(broken::add);
    }
    return broken.isEmpty() ? null
        : Failed.of(FailureClass.VALIDATION_ERROR, "incompatible_version", MinorVersionRule.describe(broken));
  }
}
