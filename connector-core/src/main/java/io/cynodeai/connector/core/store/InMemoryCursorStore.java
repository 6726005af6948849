package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.store.CursorStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps polling cursors in memory; they are lost when the process ends. Thread-safe. */
public final class InMemoryCursorStore implements CursorStore {
  private final Map<String, Map<String, String>> cursors = new ConcurrentHashMap<>();

  @Override
  public Optional<String> get(String instanceId, String name) {
    return Optional.ofNullable(cursors.getOrDefault(instanceId, Map.of()).get(name));
  }

  @Override
  public void put(String instanceId, String name, String value) {
    Objects.requireNonNull(value, "value");
    cursors.computeIfAbsent(instanceId, id -> new ConcurrentHashMap<>()).put(name, value);
  }

  @Override
  public void deleteAll(String instanceId) {
    cursors.remove(instanceId);
  }
}
