package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.store.CursorStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps polling cursors in memory; they are lost when the process ends. Thread-safe. */
public final class InMemoryCursorStore implements CursorStore {
  private final Map<String, Map<String, String>> cursors = new ConcurrentHashMap<>();
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

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
    leases.remove(instanceId);
  }

  /** Leases within this process (engines sharing this store object), expiring by {@link System#nanoTime}. */
  @Override
  public boolean tryLease(String instanceId, String holder, Duration ttl) {
    long now = System.nanoTime();
    Lease mine = new Lease(holder, now + ttl.toNanos());
    Lease after = leases.merge(instanceId, mine, (held, asked) ->
        held.holder().equals(asked.holder()) || held.expiresNanos() - now < 0 ? asked : held);
    return after == mine;
  }

  @Override
  public void releaseLease(String instanceId, String holder) {
    leases.computeIfPresent(instanceId, (id, held) -> held.holder().equals(holder) ? null : held);
  }

  private record Lease(String holder, long expiresNanos) {}
}
