package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.store.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps idempotency records in memory, for one engine; they are lost when the process ends. Claims are
 * atomic per key. Expired records are ignored by {@link #claim} and removed by {@link #purgeExpired}.
 * Thread-safe.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final ConcurrentHashMap<IdempotencyKey, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryIdempotencyStore() {
    this(Clock.systemUTC());
  }

  /** A store measuring locks and TTLs on {@code clock}. */
  public InMemoryIdempotencyStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public IdempotencyClaim claim(IdempotencyKey key, String fingerprint, Duration lockFor, Duration ttl) {
    Instant now = clock.instant();
    IdempotencyClaim[] answer = new IdempotencyClaim[1];
    entries.compute(key, (k, current) -> {
      boolean free = current == null || !current.expiresAt.isAfter(now);
      boolean abandoned = current != null && current.outcome == null && !current.lockedUntil.isAfter(now)
          && current.fingerprint.equals(fingerprint);
      if (free || abandoned) {
        String token = UUID.randomUUID().toString();
        answer[0] = new IdempotencyClaim.Acquired(token);
        return new Entry(fingerprint, token, now.plus(lockFor), now.plus(ttl), null);
      }
      if (!current.fingerprint.equals(fingerprint)) {
        answer[0] = new IdempotencyClaim.Mismatch();
      } else if (current.outcome == null) {
        answer[0] = new IdempotencyClaim.InFlight();
      } else {
        answer[0] = new IdempotencyClaim.Completed(current.outcome);
      }
      return current;
    });
    return answer[0];
  }

  @Override
  public boolean complete(IdempotencyKey key, String token, Outcome outcome) {
    boolean[] done = {false};
    entries.computeIfPresent(key, (k, current) -> {
      if (!current.token.equals(token) || current.outcome != null) {
        return current;
      }
      done[0] = true;
      return new Entry(current.fingerprint, token, current.lockedUntil, current.expiresAt, outcome);
    });
    return done[0];
  }

  @Override
  public void release(IdempotencyKey key, String token) {
    entries.computeIfPresent(key, (k, current) ->
        current.token.equals(token) && current.outcome == null ? null : current);
  }

  @Override
  public int purgeExpired() {
    Instant now = clock.instant();
    int[] removed = {0};
    entries.entrySet().removeIf(e -> {
      boolean expired = !e.getValue().expiresAt.isAfter(now);
      if (expired) {
        removed[0]++;
      }
      return expired;
    });
    return removed[0];
  }

  /** How many records are held (expired ones included until purged). */
  public int size() {
    return entries.size();
  }

  private record Entry(String fingerprint, String token, Instant lockedUntil, Instant expiresAt,
      @Nullable Outcome outcome) {}
}
