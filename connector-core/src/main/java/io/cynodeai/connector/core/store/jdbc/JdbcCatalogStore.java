package io.cynodeai.connector.core.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.core.catalog.CatalogEntry;
import io.cynodeai.connector.core.catalog.CatalogStore;
import io.cynodeai.connector.core.catalog.FeatureFlag;
import io.cynodeai.connector.api.store.StoreException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a connector catalog in tables {@code connector_catalog_entries} and {@code connector_catalog_flags}
 * (migration V8), each record as a JSON document, so every engine node on the database enforces one catalog.
 * Open it on a store's database: {@code new JdbcCatalogStore(stores.database())}. Thread-safe; each put is
 * one statement.
 */
public final class JdbcCatalogStore implements CatalogStore {
  private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final JdbcDatabase db;
  private final String upsertEntry;
  private final String upsertFlag;

  public JdbcCatalogStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
    boolean h2 = db.dialect() == JdbcDatabase.Dialect.H2;
    this.upsertEntry = h2
        ? "MERGE INTO connector_catalog_entries (connector_type, version, body, updated_at) KEY (connector_type, "
            + "version) VALUES (?, ?, ?, " + JdbcDatabase.NOW_MS + ")"
        : "INSERT INTO connector_catalog_entries (connector_type, version, body, updated_at) VALUES (?, ?, ?, "
            + JdbcDatabase.NOW_MS + ") ON CONFLICT (connector_type, version) DO UPDATE SET body = EXCLUDED.body, "
            + "updated_at = EXCLUDED.updated_at";
    this.upsertFlag = h2
        ? "MERGE INTO connector_catalog_flags (flag_key, body, updated_at) KEY (flag_key) VALUES (?, ?, "
            + JdbcDatabase.NOW_MS + ")"
        : "INSERT INTO connector_catalog_flags (flag_key, body, updated_at) VALUES (?, ?, " + JdbcDatabase.NOW_MS
            + ") ON CONFLICT (flag_key) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at";
  }

  @Override
  public Optional<CatalogEntry> find(String connectorType, String version) {
    String body = db.withConnection("reading a catalog entry", c -> JdbcDatabase.queryOne(c,
        "SELECT body FROM connector_catalog_entries WHERE connector_type = ? AND version = ?",
        rs -> rs.getString(1), connectorType, version));
    return Optional.ofNullable(body).map(b -> read(b, CatalogEntry.class));
  }

  @Override
  public List<CatalogEntry> entries() {
    return db.withConnection("listing the catalog", c -> JdbcDatabase.query(c,
        "SELECT body FROM connector_catalog_entries ORDER BY connector_type, version",
        rs -> read(rs.getString(1), CatalogEntry.class)));
  }

  @Override
  public void put(CatalogEntry entry) {
    String body = write(entry);
    db.withConnection("storing a catalog entry", c -> JdbcDatabase.update(c, upsertEntry, entry.connectorType(),
        entry.version(), body));
  }

  @Override
  public List<FeatureFlag> flags() {
    return db.withConnection("listing feature flags", c -> JdbcDatabase.query(c,
        "SELECT body FROM connector_catalog_flags ORDER BY flag_key", rs -> read(rs.getString(1), FeatureFlag.class)));
  }

  @Override
  public void putFlag(FeatureFlag flag) {
    String body = write(flag);
    db.withConnection("storing a feature flag", c -> JdbcDatabase.update(c, upsertFlag, flag.key(), body));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  private static <T> T read(String body, Class<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StoreException("a stored " + type.getSimpleName() + " cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }
}
