package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the applied connector specs, by name, each carrying its uid and resource version. The engine's spec
 * service serializes its writes; implementations must be thread-safe for concurrent reads.
 */
public interface SpecStore {

  Optional<ConnectorSpec> find(String name);

  /** Every stored spec, ordered by name. */
  List<ConnectorSpec> list();

  /** Stores (creates or replaces) the spec under its name. */
  void put(ConnectorSpec spec);

  /** Removes the spec with that name, if any. */
  void remove(String name);
}
