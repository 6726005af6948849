package io.cynodeai.connector.core.internal.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The registered connector types, every version of each. Immutable after the engine is built. */
public final class TypeRegistry {
  private final Map<String, List<RegisteredType>> byName;
  /** Per operation name, the longest effective timeout any registered type gives it. */
  private final Map<String, java.time.Duration> longestTimeout;

  public TypeRegistry(List<RegisteredType> types) {
    Map<String, List<RegisteredType>> map = new TreeMap<>();
    for (RegisteredType t : types) {
      List<RegisteredType> versions = map.computeIfAbsent(t.name(), k -> new ArrayList<>());
      for (RegisteredType existing : versions) {
        if (existing.version().equals(t.version())) {
          throw new IllegalArgumentException("connector type " + t.type().coordinates() + " is registered twice");
        }
      }
      versions.add(t);
    }
    map.values().forEach(v -> v.sort(Comparator.comparing(RegisteredType::version).reversed()));
    map.replaceAll((k, v) -> List.copyOf(v));
    this.byName = Collections.unmodifiableMap(map);
    Map<String, java.time.Duration> longest = new java.util.HashMap<>();
    for (RegisteredType t : types) {
      t.operations().forEach((name, op) -> longest.merge(name, op.effectiveTimeout(),
          (a, b) -> a.compareTo(b) >= 0 ? a : b));
    }
    this.longestTimeout = Map.copyOf(longest);
  }

  /**
   * The longest effective timeout of an operation called {@code operation} in any registered type, or {@code
   * fallback} when no type has one: the bound of the store calls a call makes before its instance (and so its
   * operation's own timeout) is known.
   */
  public java.time.Duration longestTimeout(String operation, java.time.Duration fallback) {
    return longestTimeout.getOrDefault(operation, fallback);
  }

  /** The exact version. */
  public Optional<RegisteredType> find(String name, String version) {
    for (RegisteredType t : versions(name)) { // on every call's path: a loop, not a stream
      if (t.type().version().equals(version)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The newest version matching a pin ("1", "1.2", "1.2.3"), or the newest of all when the pin is null. */
  public Optional<RegisteredType> resolve(String name, @Nullable String pin) {
    return versions(name).stream().filter(t -> pin == null || t.version().matches(pin)).findFirst();
  }

  /** All versions of a type, newest first. */
  public List<RegisteredType> versions(String name) {
    return byName.getOrDefault(name, List.of());
  }

  public List<RegisteredType> all() {
    List<RegisteredType> all = new ArrayList<>();
    byName.values().forEach(all::addAll);
    return all;
  }
}
