package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.store.IdempotencyStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps idempotency records in memory; claims are atomic per key. Expired records are ignored by {@link
 * #claim} and removed by {@link #purgeExpired}. Thread-safe.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final ConcurrentHashMap<IdempotencyKey, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public IdempotencyClaim claim(IdempotencyKey key, String fingerprint, Instant now, Instant expiresAt) {
    IdempotencyClaim[] answer = new IdempotencyClaim[1];
    entries.compute(key, (k, current) -> {
      if (current == null || !current.expiresAt.isAfter(now)) {
        answer[0] = new IdempotencyClaim.Acquired();
        return new Entry(fingerprint, expiresAt, null);
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
  public void complete(IdempotencyKey key, Outcome outcome) {
    entries.computeIfPresent(key, (k, current) -> new Entry(current.fingerprint, current.expiresAt, outcome));
  }

  @Override
  public void release(IdempotencyKey key) {
    entries.remove(key);
  }

  @Override
  public int purgeExpired(Instant now) {
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

  private record Entry(String fingerprint, Instant expiresAt, @Nullable Outcome outcome) {}
}
