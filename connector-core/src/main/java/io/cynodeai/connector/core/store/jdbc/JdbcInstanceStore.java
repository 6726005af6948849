package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.DuplicateInstanceException;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StaleResourceVersionException;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps instances in table {@code connector_instances}, each as a JSON document. Desired-state changes are
 * optimistic on the resource version; status updates lock the row, so concurrent ones (from several nodes)
 * never lose each other. Thread-safe.
 */
public final class JdbcInstanceStore implements InstanceStore {
  private final JdbcDatabase db;

  public JdbcInstanceStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The database this store lives in. */
  public JdbcDatabase database() {
    return db;
  }

  @Override
  public Optional<ConnectorInstance> find(String instanceId) {
    return Optional.ofNullable(db.withConnection("finding instance " + instanceId, c -> JdbcDatabase.queryOne(c,
        "SELECT body, resource_version FROM connector_instances WHERE id = ?", JdbcInstanceStore::read,
        instanceId)));
  }

  @Override
  public java.util.Map<String, ConnectorInstance> findAll(java.util.Collection<String> instanceIds) {
    java.util.Map<String, ConnectorInstance> out = new java.util.HashMap<>();
    if (!instanceIds.isEmpty()) {
      db.withConnection("finding instances", c -> JdbcDatabase.queryIn(c,
          "SELECT body, resource_version FROM connector_instances WHERE id IN (", instanceIds,
          JdbcInstanceStore::read)).forEach(i -> out.put(i.id(), i));
    }
    return out;
  }

  @Override
  public List<ConnectorInstance> list() {
    return db.withConnection("listing instances", c -> JdbcDatabase.query(c,
        "SELECT body, resource_version FROM connector_instances ORDER BY id", JdbcInstanceStore::read));
  }

  @Override
  public ConnectorInstance create(ConnectorInstance instance) {
    ConnectorInstance stored = instance.withResourceVersion(1);
    return db.withRecoverableConnection("creating instance " + instance.id(), c -> {
      try {
        JdbcDatabase.update(c, "INSERT INTO connector_instances (id, resource_version, body) VALUES (?, 1, ?)",
            stored.id(), JsonDocuments.write(stored));
      } catch (SQLException e) {
        if (JdbcDatabase.isDuplicateKey(e)) {
          throw new DuplicateInstanceException(instance.id());
        }
        throw e;
      }
      return stored;
    });
  }

  @Override
  public ConnectorInstance replace(ConnectorInstance instance) {
    long expected = instance.resourceVersion();
    ConnectorInstance stored = instance.withResourceVersion(expected + 1);
    return db.withConnection("replacing instance " + instance.id(), c -> {
      int rows = JdbcDatabase.update(c, "UPDATE connector_instances SET body = ?, resource_version = ? "
          + "WHERE id = ? AND resource_version = ?", JsonDocuments.write(stored), expected + 1, instance.id(),
          expected);
      if (rows == 0) {
        Long actual = JdbcDatabase.queryOne(c, "SELECT resource_version FROM connector_instances WHERE id = ?",
            rs -> rs.getLong(1), instance.id());
        throw new StaleResourceVersionException(instance.id(), expected, actual == null ? 0 : actual);
      }
      return stored;
    });
  }

  @Override
  public void updateStatus(String instanceId, StatusUpdate update) {
    db.inTransaction("updating the status of instance " + instanceId, c -> {
      ConnectorInstance current = JdbcDatabase.queryOne(c, "SELECT body, resource_version FROM "
          + "connector_instances WHERE id = ? FOR UPDATE", JdbcInstanceStore::read, instanceId);
      if (current != null) {
        JdbcDatabase.update(c, "UPDATE connector_instances SET body = ? WHERE id = ?",
            JsonDocuments.write(current.withStatusUpdate(update)), instanceId);
      }
      return null;
    });
  }

  private static ConnectorInstance read(java.sql.ResultSet rs) throws SQLException {
    return JsonDocuments.read(rs.getString(1), ConnectorInstance.class).withResourceVersion(rs.getLong(2));
  }
}
