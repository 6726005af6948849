package io.cynodeai.connector.core.store;

import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens an embedded H2 database file for {@link Stores#h2}. The only class of the engine that names H2, and
 * loaded only when a host asks for H2 stores: H2 is an optional dependency, so a host on PostgreSQL or in
 * memory does not carry it.
 */
final class H2Files {
  private H2Files() {}

  /** Whether the H2 database engine is on the class path. */
  static boolean available() {
    try {
      Class.forName("org.h2.jdbcx.JdbcConnectionPool", false, H2Files.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The migrated database in {@code file} and what releases it. */
  record Opened(JdbcDatabase database, AutoCloseable release) {}

  static Opened open(Path file, boolean closeAtJvmExit) {
    String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";LOCK_TIMEOUT=10000"
        + (closeAtJvmExit ? "" : ";DB_CLOSE_ON_EXIT=FALSE");
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(64);
    try {
      return new Opened(JdbcDatabase.open(pool), pool::dispose);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }
}
