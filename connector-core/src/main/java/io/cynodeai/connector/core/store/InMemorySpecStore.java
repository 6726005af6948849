package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.store.SpecStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Keeps applied specs in memory; they are lost when the process ends. Thread-safe. */
public final class InMemorySpecStore implements SpecStore {
  private final ConcurrentSkipListMap<String, ConnectorSpec> specs = new ConcurrentSkipListMap<>();

  @Override
  public Optional<ConnectorSpec> find(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  @Override
  public List<ConnectorSpec> list() {
    return List.copyOf(specs.values());
  }

  @Override
  public void put(ConnectorSpec spec) {
    Objects.requireNonNull(spec, "spec");
    specs.put(spec.name(), spec);
  }

  @Override
  public void remove(String name) {
    specs.remove(name);
  }
}
