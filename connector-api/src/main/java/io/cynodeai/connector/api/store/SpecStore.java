package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the applied connector specs, by name, each carrying its uid and resource version. The engine's spec
 * service serializes its writes; implementations must be thread-safe for concurrent reads.
 */
public interface SpecStore {

  Optional<ConnectorSpec> find(String name);

  /** Every stored spec, ordered by name. */
  List<ConnectorSpec> list();

  /**
   * The stored specs with these names, by name; names without a spec are absent. The default looks each one
   * up; stores that can read many at once should override it.
   */
  default Map<String, ConnectorSpec> findAll(Collection<String> names) {
    Map<String, ConnectorSpec> out = new HashMap<>();
    for (String name : names) {
      find(name).ifPresent(s -> out.put(name, s));
    }
    return out;
  }

  /** Stores (creates or replaces) the spec under its name. */
  void put(ConnectorSpec spec);

  /** Removes the spec with that name, if any. */
  void remove(String name);
}
