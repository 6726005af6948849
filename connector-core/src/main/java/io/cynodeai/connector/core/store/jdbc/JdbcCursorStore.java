package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.store.CursorStore;
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
    db.withConnection("deleting cursors", c -> JdbcDatabase.update(c,
        "DELETE FROM connector_cursors WHERE instance_id = ?", instanceId));
  }
}
