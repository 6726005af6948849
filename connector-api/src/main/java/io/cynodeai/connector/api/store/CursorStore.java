package io.cynodeai.connector.api.store;

import java.time.Duration;
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

  /**
   * Takes, or renews, the right to poll {@code instanceId} for {@code ttl}: true when no other holder's lease
   * on it is still running. Engine nodes sharing one store take a lease before each poll, so one instance is
   * polled by one node at a time and its events are not delivered twice. Expiry must use one clock for every
   * node (the database's, for a database). The default grants every request: right for a store that only one
   * process uses, wrong for a shared one, which must implement leases.
   *
   * @param holder who asks (one engine node)
   */
  default boolean tryLease(String instanceId, String holder, Duration ttl) {
    return true;
  }

  /** Ends {@code holder}'s lease on {@code instanceId}, if it has one; another holder's lease is left alone. */
  default void releaseLease(String instanceId, String holder) {}
}
