package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.internal.codec.OutcomeCodec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Keeps idempotency records in table {@code idempotency_records}, shared by every engine node on the
 * database. A claim is an INSERT, so the primary key makes exactly one of any number of concurrent claims
 * win; taking over an expired or abandoned record is a compare-and-set on its claim token. Locks and TTLs
 * are on the database's clock. Thread-safe.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {
  private static final String PK = "tenant = ? AND instance_id = ? AND operation = ? AND idem_key = ?";
  private static final int MAX_ROUNDS = 10;

  private final JdbcDatabase db;

  public JdbcIdempotencyStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public IdempotencyClaim claim(IdempotencyKey key, String fingerprint, Duration lockFor, Duration ttl) {
    return db.withConnection("claiming an idempotency key", c -> {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        IdempotencyClaim claim = tryClaim(c, key, fingerprint, lockFor.toMillis(), ttl.toMillis());
        if (claim != null) {
          return claim;
        }
      }
      throw new StoreException("idempotency key kept changing under " + MAX_ROUNDS + " claims", null);
    });
  }

  /** One round: insert, or judge the existing record; null when it changed underneath and must be re-read. */
  private static @Nullable IdempotencyClaim tryClaim(Connection c, IdempotencyKey key, String fingerprint,
      long lockMs, long ttlMs) throws SQLException {
    String token = UUID.randomUUID().toString();
    try {
      JdbcDatabase.update(c, "INSERT INTO idempotency_records (tenant, instance_id, operation, idem_key, "
          + "fingerprint, token, locked_until, expires_at, outcome) VALUES (?, ?, ?, ?, ?, ?, "
          + JdbcDatabase.NOW_MS + " + ?, " + JdbcDatabase.NOW_MS + " + ?, NULL)", key.tenant(), key.instanceId(),
          key.operation(), key.key(), fingerprint, token, lockMs, ttlMs);
      return new IdempotencyClaim.Acquired(token);
    } catch (SQLException e) {
      if (!JdbcDatabase.isDuplicateKey(e)) {
        throw e;
      }
    }
    Row row = JdbcDatabase.queryOne(c, "SELECT fingerprint, token, outcome, expires_at <= " + JdbcDatabase.NOW_MS
        + ", locked_until <= " + JdbcDatabase.NOW_MS + " FROM idempotency_records WHERE " + PK,
        rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)),
        key.tenant(), key.instanceId(), key.operation(), key.key());
    if (row == null) {
      return null; // released or purged meanwhile: insert again
    }
    boolean sameInput = row.fingerprint.equals(fingerprint);
    if (row.expired || (row.outcome == null && row.lockExpired && sameInput)) {
      int taken = JdbcDatabase.update(c, "UPDATE idempotency_records SET fingerprint = ?, token = ?, "
          + "locked_until = " + JdbcDatabase.NOW_MS + " + ?, expires_at = " + JdbcDatabase.NOW_MS + " + ?, "
          + "outcome = NULL WHERE " + PK + " AND token = ?", fingerprint, token, lockMs, ttlMs, key.tenant(),
          key.instanceId(), key.operation(), key.key(), row.token);
      return taken == 1 ? new IdempotencyClaim.Acquired(token) : null;
    }
    if (!sameInput) {
      return new IdempotencyClaim.Mismatch();
    }
    if (row.outcome == null) {
      return new IdempotencyClaim.InFlight();
    }
    return new IdempotencyClaim.Completed(OutcomeCodec.read(row.outcome));
  }

  @Override
  public boolean complete(IdempotencyKey key, String token, Outcome outcome) {
    String json = OutcomeCodec.write(outcome);
    return db.withConnection("storing an idempotent outcome", c -> JdbcDatabase.update(c,
        "UPDATE idempotency_records SET outcome = ? WHERE " + PK + " AND token = ? AND outcome IS NULL", json,
        key.tenant(), key.instanceId(), key.operation(), key.key(), token) == 1);
  }

  @Override
  public void release(IdempotencyKey key, String token) {
    db.withConnection("releasing an idempotency key", c -> JdbcDatabase.update(c,
        "DELETE FROM idempotency_records WHERE " + PK + " AND token = ? AND outcome IS NULL", key.tenant(),
        key.instanceId(), key.operation(), key.key(), token));
  }

  @Override
  public int purgeExpired() {
    return db.withConnection("purging expired idempotency records", c -> JdbcDatabase.update(c,
        "DELETE FROM idempotency_records WHERE expires_at <= " + JdbcDatabase.NOW_MS));
  }

  private record Row(String fingerprint, String token, @Nullable String outcome, boolean expired,
      boolean lockExpired) {}
}
