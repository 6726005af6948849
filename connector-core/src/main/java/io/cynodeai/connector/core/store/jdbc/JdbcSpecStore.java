package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.internal.spec.SpecBinder;
import io.cynodeai.connector.spi.JsonResources;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps applied specs in table {@code connector_specs}, each as its canonical JSON document (uid and resource
 * version included). Documents are read back without validating them again: only specs that passed
 * validation are ever stored. Thread-safe; the spec service serializes writes within one engine.
 */
public final class JdbcSpecStore implements SpecStore {
  private final JdbcDatabase db;

  public JdbcSpecStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Optional<ConnectorSpec> find(String name) {
    Objects.requireNonNull(name, "name");
    String body = db.withConnection("reading a spec", c -> JdbcDatabase.queryOne(c,
        "SELECT body FROM connector_specs WHERE name = ?", rs -> rs.getString(1), name));
    return Optional.ofNullable(body).map(JdbcSpecStore::parse);
  }

  @Override
  public Map<String, ConnectorSpec> findAll(Collection<String> names) {
    Map<String, ConnectorSpec> out = new HashMap<>();
    if (!names.isEmpty()) {
      db.withConnection("reading specs", c -> JdbcDatabase.queryIn(c,
          "SELECT body FROM connector_specs WHERE name IN (", names, rs -> parse(rs.getString(1))))
          .forEach(s -> out.put(s.name(), s));
    }
    return out;
  }

  @Override
  public List<ConnectorSpec> list() {
    return db.withConnection("listing specs", c -> JdbcDatabase.query(c,
        "SELECT body FROM connector_specs ORDER BY name", rs -> parse(rs.getString(1))));
  }

  @Override
  public void put(ConnectorSpec spec) {
    Objects.requireNonNull(spec, "spec");
    String body = SpecBinder.toTree(spec).toString();
    db.withConnection("storing a spec", c -> {
      for (int round = 0; round < 3; round++) {
        if (JdbcDatabase.update(c, "UPDATE connector_specs SET body = ?, updated_at = " + JdbcDatabase.NOW_MS
            + " WHERE name = ?", body, spec.name()) == 1) {
          return null;
        }
        try {
          JdbcDatabase.update(c, "INSERT INTO connector_specs (name, body, updated_at) VALUES (?, ?, "
              + JdbcDatabase.NOW_MS + ")", spec.name(), body);
          return null;
        } catch (SQLException e) {
          if (!JdbcDatabase.isDuplicateKey(e)) {
            throw e;
          }
        }
      }
      throw new SQLException("spec '" + spec.name() + "' kept changing under concurrent writes");
    });
  }

  @Override
  public void remove(String name) {
    Objects.requireNonNull(name, "name");
    db.withConnection("deleting a spec", c -> JdbcDatabase.update(c, "DELETE FROM connector_specs WHERE name = ?",
        name));
  }

  private static ConnectorSpec parse(String body) {
    return SpecBinder.fromStored(JsonResources.parse(body));
  }
}
