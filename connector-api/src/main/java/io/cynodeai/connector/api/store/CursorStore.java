package io.cynodeai.connector.api.store;

import java.util.Optional;

/**
 * Keeps the position a polling connector has read up to, per instance and cursor name, durably (§11). Called
 * by the engine's poller between polls; may block on I/O. Thread-safe.
 */
public interface CursorStore {

  /** The stored position, if any. */
  Optional<String> get(String instanceId, String name);

  /** Stores {@code value} as the position, replacing any earlier one. */
  void put(String instanceId, String name, String value);

  /** Forgets every cursor of an instance (when it is uninstalled). */
  void deleteAll(String instanceId);
}
