package io.cynodeai.connector.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link ConnectorCatalog} keeps its entries and feature flags. Implementations must be thread-safe;
 * each {@code put} replaces the whole record atomically. {@link InMemoryCatalogStore} is the one provided; a
 * host that runs several engine nodes implements this on its own database so every node sees one catalog.
 */
public interface CatalogStore {
  Optional<CatalogEntry> find(String connectorType, String version);

  List<CatalogEntry> entries();

  void put(CatalogEntry entry);

  List<FeatureFlag> flags();

  /** Stores {@code flag}, replacing the flag with the same {@link FeatureFlag#key()}. */
  void putFlag(FeatureFlag flag);
}
