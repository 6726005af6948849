package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.StatusUpdate;
import java.util.List;
import java.util.Optional;

/**
 * Keeps connector instances. Implementations must be thread-safe. The engine reads the instance of every
 * invocation through a per-node cache whose entries live at most one second unless the host sets another bound
 * (a change made through another engine on the same store reaches this engine's calls within that bound; one
 * made through this engine at once); the in-memory store is read directly.
 */
public interface InstanceStore {

  /** The instance with that id, including a soft-deleted one. */
  Optional<ConnectorInstance> find(String instanceId);

  /** Every instance, including soft-deleted ones. */
  List<ConnectorInstance> list();

  /**
   * The instances with these ids (soft-deleted ones included), by id; ids without an instance are absent. The
   * default looks each one up; stores that can read many rows at once should override it.
   */
  default java.util.Map<String, ConnectorInstance> findAll(java.util.Collection<String> instanceIds) {
    java.util.Map<String, ConnectorInstance> out = new java.util.HashMap<>();
    for (String id : instanceIds) {
      find(id).ifPresent(i -> out.put(id, i));
    }
    return out;
  }

  /**
   * Stores a new instance with resource version 1 and returns it.
   *
   * @throws DuplicateInstanceException if the id is taken (also by a soft-deleted instance)
   */
  ConnectorInstance create(ConnectorInstance instance);

  /**
   * Replaces the desired state of an existing instance if its stored resource version equals {@code
   * instance.resourceVersion()}, and returns it with the version incremented.
   *
   * @throws StaleResourceVersionException if the stored version differs (or the instance is gone)
   */
  ConnectorInstance replace(ConnectorInstance instance);

  /**
   * Applies a status-only change without touching the resource version. Does nothing if the instance does
   * not exist.
   */
  void updateStatus(String instanceId, StatusUpdate update);

  /**
   * Removes a soft-deleted instance for good (the end of its retention period, §12). Does nothing and
   * returns false if the instance does not exist or is not soft-deleted.
   *
   * @throws UnsupportedOperationException if this store cannot purge (the default)
   */
  default boolean purge(String instanceId) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot purge instances");
  }
}
