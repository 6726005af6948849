package io.cynodeai.connector.core.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CatalogStore} in memory, for one process. Thread-safe. */
public final class InMemoryCatalogStore implements CatalogStore {
  private final Map<String, CatalogEntry> entries = new ConcurrentHashMap<>();
  private final Map<String, FeatureFlag> flags = new ConcurrentHashMap<>();

  @Override
  public Optional<CatalogEntry> find(String connectorType, String version) {
    return Optional.ofNullable(entries.get(connectorType + "@" + version));
  }

  @Override
  public List<CatalogEntry> entries() {
    return entries.values().stream().sorted(Comparator.comparing(CatalogEntry::coordinates)).toList();
  }

  @Override
  public void put(CatalogEntry entry) {
    entries.put(entry.coordinates(), entry);
  }

  @Override
  public List<FeatureFlag> flags() {
    return flags.values().stream().sorted(Comparator.comparing(FeatureFlag::key)).toList();
  }

  @Override
  public void putFlag(FeatureFlag flag) {
    flags.put(flag.key(), flag);
  }
}
