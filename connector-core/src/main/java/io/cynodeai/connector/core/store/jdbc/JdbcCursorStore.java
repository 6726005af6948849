package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.store.CursorStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Keeps polling cursors in table {@code connector_cursors}. Thread-safe. */
public final class JdbcCursorStore implements CursorStore {
  private final JdbcDatabase db;

  public JdbcCursorStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Optional<String> get(String instanceId, String name) {
    return Optional.ofNullable(db.withConnection("reading a cursor", c -> JdbcDatabase.queryOne(c,
        "SELECT cursor_value FROM connector_cursors WHERE instance_id = ? AND name = ?", rs -> rs.getString(1),
        instanceId, name)));
  }

  @Override
  public void put(String instanceId, String name, String value) {
    Objects.requireNonNull(value, "value");
    db.withConnection("storing a cursor", c -> {
      for (int round = 0; round < 3; round++) {
        if (JdbcDatabase.update(c, "UPDATE connector_cursors SET cursor_value = ?, updated_at = "
            + JdbcDatabase.NOW_MS + " WHERE instance_id = ? AND name = ?", value, instanceId, name) == 1) {
          return null;
        }
        try {
          JdbcDatabase.update(c, "INSERT INTO connector_cursors (instance_id, name, cursor_value, updated_at) "
              + "VALUES (?, ?, ?, " + JdbcDatabase.NOW_MS + ")", instanceId, name, value);
          return null;
        } catch (java.sql.SQLException e) {
          if (!JdbcDatabase.isDuplicateKey(e)) {
            throw e;
          }
        }
      }
      throw new java.sql.SQLException("cursor kept changing under concurrent writes");
    });
  }

  @Override
  public void deleteAll(String instanceId) {
    db.withConnection("deleting cursors", c -> {
      JdbcDatabase.update(c, "DELETE FROM connector_cursors WHERE instance_id = ?", instanceId);
      return JdbcDatabase.update(c, "DELETE FROM connector_poll_leases WHERE instance_id = ?", instanceId);
    });
  }

  /** A lease row per instance in {@code connector_poll_leases}, expiring by the database's clock. */
  @Override
  public boolean tryLease(String instanceId, String holder, Duration ttl) {
    long ttlMs = Math.max(1, ttl.toMillis());
    return db.withConnection("taking a poll lease", c -> {
      if (JdbcDatabase.update(c, "UPDATE connector_poll_leases SET holder = ?, expires_at = " + JdbcDatabase.NOW_MS
          + " + ? WHERE instance_id = ? AND (holder = ? OR expires_at < " + JdbcDatabase.NOW_MS + ")",
          holder, ttlMs, instanceId, holder) == 1) {
        return true;
      }
      try {
        JdbcDatabase.update(c, "INSERT INTO connector_poll_leases (instance_id, holder, expires_at) VALUES (?, ?, "
            + JdbcDatabase.NOW_MS + " + ?)", instanceId, holder, ttlMs);
        return true;
      } catch (java.sql.SQLException e) {
        if (JdbcDatabase.isDuplicateKey(e)) {
          return false; // another node holds a running lease (or took it between our two statements)
        }
        throw e;
      }
    });
  }

  @Override
  public void releaseLease(String instanceId, String holder) {
    db.withConnection("releasing a poll lease", c -> JdbcDatabase.update(c,
        "DELETE FROM connector_poll_leases WHERE instance_id = ? AND holder = ?", instanceId, holder));
  }
}
