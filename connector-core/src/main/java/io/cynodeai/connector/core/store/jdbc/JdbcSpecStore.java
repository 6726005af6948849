package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.internal.spec.SpecBinder;
import io.cynodeai.connector.spi.JsonResources;
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
  /** Insert or replace in one statement (so also one statement inside a unit of work). */
  private final String upsert;

  public JdbcSpecStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
    this.upsert = db.dialect() == JdbcDatabase.Dialect.H2
        ? "MERGE INTO connector_specs (name, body, updated_at) KEY (name) VALUES (?, ?, " + JdbcDatabase.NOW_MS + ")"
        : "INSERT INTO connector_specs (name, body, updated_at) VALUES (?, ?, " + JdbcDatabase.NOW_MS + ") "
            + "ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at";
  }

  /** The database this store lives in. */
  public JdbcDatabase database() {
    return db;
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
    db.withConnection("storing a spec", c -> JdbcDatabase.update(c, upsert, spec.name(), body));
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
