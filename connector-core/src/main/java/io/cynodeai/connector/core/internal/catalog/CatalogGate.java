package io.cynodeai.connector.core.internal.catalog;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.core.catalog.CatalogEntry;
import io.cynodeai.connector.core.catalog.CatalogStore;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.catalog.FeatureFlag;
import io.cynodeai.connector.spi.ConnectorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Enforces a host's {@link ConnectorCatalog} (§13) on the engine's requests: a type version must be approved,
 * not retired (nor deprecated, for a new install), and enabled by its feature flags for the instance's tenant
 * (its project, the caller's groups and an owning group). The store is read on every request, so catalog
 * changes apply to the next one. Without a catalog it allows everything. Thread-safe.
 */
public final class CatalogGate {
  private static final CatalogGate OFF = new CatalogGate(null);
  private final @Nullable CatalogStore store;

  /** What a request wants to do with a type version. */
  public enum Use {
    INSTALL,
    ENABLE,
    INVOKE
  }

  private CatalogGate(@Nullable CatalogStore store) {
    this.store = store;
  }

  /** No catalog (the default). */
  public static CatalogGate off() {
    return OFF;
  }

  public static CatalogGate of(ConnectorCatalog catalog) {
    return new CatalogGate(Objects.requireNonNull(catalog, "catalog").store());
  }

  /** Whether a catalog is enforced and keeps its records in memory (in this process only). */
  public boolean keptInMemory() {
    return store instanceof io.cynodeai.connector.core.catalog.InMemoryCatalogStore;
  }

  /**
   * Null when {@code use} of {@code type} is allowed for an instance of {@code projectId} owned by {@code
   * owner}, requested by {@code caller}; else the {@code policy_denied} refusal ({@code not_approved}, {@code
   * type_retired}, {@code type_deprecated}, {@code feature_disabled}).
   */
  public @Nullable Failed check(Use use, ConnectorType type, @Nullable String projectId, OwnerScope owner,
      Caller caller) {
    if (store == null) {
      return null;
    }
    Optional<CatalogEntry> found = store.find(type.name(), type.version());
    if (found.isEmpty() || found.get().approval() != CatalogEntry.Approval.APPROVED) {
      return denied("not_approved", "connector type " + type.coordinates() + " is not approved in the catalog"
          + found.map(e -> " (" + e.approval().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse(""));
    }
    CatalogEntry entry = found.get();
    if (entry.lifecycle() == CatalogEntry.Lifecycle.RETIRED) {
      return denied("type_retired", "connector type " + type.coordinates() + " is retired"
          + replacement(entry));
    }
    if (use == Use.INSTALL && entry.lifecycle() == CatalogEntry.Lifecycle.DEPRECATED) {
      return denied("type_deprecated", "connector type " + type.coordinates() + " is deprecated and takes no "
          + "new instances" + replacement(entry));
    }
    List<String> groups = new ArrayList<>(caller.groupIds());
    if (owner.type() == OwnerScope.Type.GROUP) {
      groups.add(owner.id());
    }
    Optional<FeatureFlag> flag = FeatureFlag.deciding(store.flags(), type.name(), type.version(), projectId,
        groups);
    if (flag.isPresent() && !flag.get().enabled()) {
      FeatureFlag f = flag.get();
      return denied("feature_disabled", "connector type " + type.coordinates() + " is disabled by a feature flag"
          + (f.tenantId() == null ? "" : " for " + f.scope().name().toLowerCase(java.util.Locale.ROOT) + " '"
          + f.tenantId() + "'"));
    }
    return null;
  }

  /** The warning a response of {@code type} carries, or null when it is not deprecated. */
  public @Nullable String warning(ConnectorType type) {
    return store == null ? null
        : store.find(type.name(), type.version()).map(CatalogEntry::deprecationWarning).orElse(null);
  }

  private static String replacement(CatalogEntry entry) {
    CatalogEntry.Deprecation d = entry.deprecation();
    return d == null || d.replacement() == null ? "" : "; use " + d.replacement();
  }

  private static Failed denied(String code, String message) {
    return Failed.of(FailureClass.POLICY_DENIED, code, message);
  }
}
