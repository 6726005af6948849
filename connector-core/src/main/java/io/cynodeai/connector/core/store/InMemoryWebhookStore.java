package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.store.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Webhook state in memory, for one engine (or several in one process sharing this object): lost when the
 * process ends. Thread-safe (one lock).
 */
public final class InMemoryWebhookStore implements WebhookStore {
  private record Key(String instanceId, String subscription, String id) {}

  private record EventRecord(boolean delivered, Instant expiresAt) {}

  private final Clock clock;
  private final Map<Key, EventRecord> events = new HashMap<>();
  private final Map<Key, Subscription> subscriptions = new HashMap<>();
  private final Map<Key, List<SealedSecret>> secrets = new HashMap<>();

  public InMemoryWebhookStore() {
    this(Clock.systemUTC());
  }

  public InMemoryWebhookStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Claim claim(String instanceId, String subscription, String eventId, Duration lock) {
    Key key = new Key(instanceId, subscription, eventId);
    Instant now = clock.instant();
    EventRecord existing = events.get(key);
    if (existing != null && existing.expiresAt().isAfter(now)) {
      return existing.delivered() ? Claim.DELIVERED : Claim.IN_FLIGHT;
    }
    events.put(key, new EventRecord(false, now.plus(lock)));
    return Claim.CLAIMED;
  }

  @Override
  public synchronized void complete(String instanceId, String subscription, String eventId, Duration ttl) {
    events.put(new Key(instanceId, subscription, eventId), new EventRecord(true, clock.instant().plus(ttl)));
  }

  @Override
  public synchronized void release(String instanceId, String subscription, String eventId) {
    Key key = new Key(instanceId, subscription, eventId);
    EventRecord existing = events.get(key);
    if (existing != null && !existing.delivered()) {
      events.remove(key);
    }
  }

  @Override
  public synchronized int purgeExpired() {
    Instant now = clock.instant();
    int before = events.size();
    events.values().removeIf(r -> !r.expiresAt().isAfter(now));
    return before - events.size();
  }

  @Override
  public synchronized Optional<Subscription> subscription(String instanceId, String subscription) {
    return Optional.ofNullable(subscriptions.get(new Key(instanceId, subscription, "")));
  }

  @Override
  public synchronized void putSubscription(Subscription s) {
    subscriptions.put(new Key(s.instanceId(), s.subscription(), ""), s);
  }

  @Override
  public synchronized List<SealedSecret> secrets(String instanceId, String subscription) {
    return List.copyOf(secrets.getOrDefault(new Key(instanceId, subscription, ""), List.of()));
  }

  @Override
  public synchronized boolean addFirstSecret(String instanceId, String subscription, String sealed) {
    Key key = new Key(instanceId, subscription, "");
    if (secrets.containsKey(key) && !secrets.get(key).isEmpty()) {
      return false;
    }
    secrets.put(key, List.of(new SealedSecret(instanceId, subscription, 1, sealed, false, null)));
    return true;
  }

  @Override
  public synchronized int rotateSecret(String instanceId, String subscription, IntFunction<String> seal,
      Instant retireOthersAt, Instant now) {
    Key key = new Key(instanceId, subscription, "");
    List<SealedSecret> kept = new ArrayList<>();
    int max = 0;
    for (SealedSecret s : secrets.getOrDefault(key, List.of())) {
      max = Math.max(max, s.version());
      Instant retires = s.retiresAt() == null ? retireOthersAt : s.retiresAt();
      if (!retires.isBefore(now)) {
        kept.add(new SealedSecret(instanceId, subscription, s.version(), s.sealed(), s.revealed(), retires));
      }
    }
    int next = max + 1;
    kept.add(new SealedSecret(instanceId, subscription, next, seal.apply(next), false, null));
    kept.sort(Comparator.comparingInt(SealedSecret::version).reversed());
    secrets.put(key, List.copyOf(kept));
    return next;
  }

  @Override
  public synchronized boolean markRevealed(String instanceId, String subscription, int version) {
    Key key = new Key(instanceId, subscription, "");
    List<SealedSecret> list = new ArrayList<>(secrets.getOrDefault(key, List.of()));
    for (int i = 0; i < list.size(); i++) {
      SealedSecret s = list.get(i);
      if (s.version() == version && !s.revealed()) {
        list.set(i, new SealedSecret(instanceId, subscription, version, s.sealed(), true, s.retiresAt()));
        secrets.put(key, List.copyOf(list));
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized void deleteAll(String instanceId) {
    events.keySet().removeIf(k -> k.instanceId().equals(instanceId));
    subscriptions.keySet().removeIf(k -> k.instanceId().equals(instanceId));
    secrets.keySet().removeIf(k -> k.instanceId().equals(instanceId));
  }

  @Override
  public synchronized boolean holdsSecrets(String instanceId) {
    return secrets.entrySet().stream().anyMatch(e -> e.getKey().instanceId().equals(instanceId)
        && !e.getValue().isEmpty());
  }
}
