package io.cynodeai.connector.spring.autoconfigure;

import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.store.jdbc.JdbcAuditStore;
import io.cynodeai.connector.core.store.jdbc.JdbcCursorStore;
import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import io.cynodeai.connector.core.store.jdbc.JdbcIdempotencyStore;
import io.cynodeai.connector.core.store.jdbc.JdbcInstanceStore;
import io.cynodeai.connector.core.store.jdbc.JdbcJobStore;
import io.cynodeai.connector.core.store.jdbc.JdbcSpecStore;
import io.cynodeai.connector.core.store.jdbc.JdbcWebhookStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The engine's stores as the auto-configuration chose them: in memory, or JDBC on the application's
 * {@code DataSource}. A PostgreSQL data source becomes {@link Stores#postgres}; an H2 one (the usual test and
 * embedded database of a Spring application) gets the same JDBC stores on the same schema, which {@code
 * Stores.postgres} refuses. Either way the engine's own migrations run once, when this is made; the data source
 * stays the application's. Also the read-only view the health indicator and the Actuator endpoint use.
 * Thread-safe.
 */
public final class ConnectorStores {
  private final String kind;
  private final InstanceStore instances;
  private final @Nullable Stores set;
  private final @Nullable JdbcDatabase database;

  private ConnectorStores(String kind, InstanceStore instances, @Nullable Stores set, @Nullable JdbcDatabase db) {
    this.kind = kind;
    this.instances = instances;
    this.set = set;
    this.database = db;
  }

  /** Everything in memory. */
  public static ConnectorStores inMemory() {
    Stores stores = Stores.inMemory();
    return new ConnectorStores("memory", stores.instances(), stores, null);
  }

  /**
   * JDBC stores on {@code dataSource}, migrated now.
   *
   * @throws io.cynodeai.connector.api.store.StoreException if the database cannot be reached, is neither H2
   *     nor PostgreSQL, or a migration fails
   */
  public static ConnectorStores jdbc(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    if (productName(dataSource).contains("postgres")) {
      Stores stores = Stores.postgres(dataSource);
      return new ConnectorStores("postgresql", stores.instances(), stores, null);
    }
    JdbcDatabase db = JdbcDatabase.open(dataSource);
    return new ConnectorStores(db.dialect().name().toLowerCase(Locale.ROOT), new JdbcInstanceStore(db), null, db);
  }

  /** {@code memory}, {@code h2} or {@code postgresql}. */
  public String kind() {
    return kind;
  }

  /** Every instance, as stored (soft-deleted ones included); for health and status views, not for calls. */
  public InstanceStore instances() {
    return instances;
  }

  /** The store of webhook deliveries and subscriptions, for a {@code WebhookConfig}. */
  WebhookStore webhooks() {
    return set != null ? set.webhooks() : new JdbcWebhookStore(Objects.requireNonNull(database));
  }

  /** Hands every store to {@code builder}; returns {@code audit} extended by the queryable audit store, if any. */
  AuditSink applyTo(EngineBuilder builder, AuditSink audit) {
    if (set != null) {
      builder.stores(set);
      return set.audit() == null ? audit : audit.and(set.audit());
    }
    JdbcDatabase db = Objects.requireNonNull(database);
    builder.instanceStore(instances).specStore(new JdbcSpecStore(db)).jobStore(new JdbcJobStore(db))
        .idempotencyStore(new JdbcIdempotencyStore(db)).cursorStore(new JdbcCursorStore(db));
    return audit.and(new JdbcAuditStore(db));
  }

  private static String productName(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    } catch (SQLException e) {
      throw new io.cynodeai.connector.api.store.StoreException(
          "cannot connect to the store database: " + e.getMessage(), e);
    }
  }
}
