package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the schema to the version this library needs by running the versioned plain-SQL scripts under
 * {@code io/cynodeai/connector/core/store/jdbc/} in order, each once, recording each in {@code
 * schema_version}. Nodes starting together against one PostgreSQL database take an advisory lock first, so
 * exactly one of them migrates. A script is never edited once released: a change is a new version.
 *
 * <p>A tiny runner rather than Flyway: the library's schema is a handful of tables whose scripts run
 * unchanged on both databases, and a migration library would add a dependency (and its own database
 * modules and version-support matrix) to every host for what is forty lines here.
 */
final class Migrations {
  /** Every migration, oldest first; the number is the version. */
  static final List<String> SCRIPTS = List.of("V1__stores.sql", "V2__jobs.sql", "V3__audit.sql",
      "V4__rate_limits.sql", "V5__specs.sql", "V6__poll_leases.sql", "V7__webhooks.sql", "V8__catalog.sql",
      "V9__job_claims.sql");
  private static final long LOCK_ID = 0x636f6e6e6563746fL; // "connecto"

  private final JdbcDatabase db;

  Migrations(JdbcDatabase db) {
    this.db = db;
  }

  void migrate() {
    db.inTransaction("migrating the store schema", c -> {
      // Lock before anything else: CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator on
      // PostgreSQL (two nodes starting together collide in pg_type), and DDL there is transactional.
      if (db.dialect() == JdbcDatabase.Dialect.POSTGRESQL) {
        JdbcDatabase.query(c, "SELECT pg_advisory_xact_lock(?)", rs -> null, LOCK_ID);
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            + "script VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
      }
      Set<Integer> applied = new HashSet<>(JdbcDatabase.query(c, "SELECT version FROM schema_version",
          rs -> rs.getInt(1)));
      for (String script : SCRIPTS) {
        int version = version(script);
        if (!applied.contains(version)) {
          apply(c, script);
          JdbcDatabase.update(c, "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, "
              + JdbcDatabase.NOW_MS + ")", version, script);
        }
      }
      return null;
    });
  }

  /** The versions recorded as applied, in order. */
  List<Integer> applied() {
    return db.withConnection("reading schema_version", c ->
        JdbcDatabase.query(c, "SELECT version FROM schema_version ORDER BY version", rs -> rs.getInt(1)));
  }

  static int version(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  private static void apply(Connection c, String script) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : statements(read(script))) {
        s.execute(statement);
      }
    }
  }

  /** The statements of a script: split at semicolons that end a line; lines starting with -- are comments. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new StoreException("migration " + script + " is missing from the library", null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration " + script, e);
    }
  }
}
