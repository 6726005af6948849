package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A database the JDBC stores live in: a {@link DataSource} whose schema has been migrated to the version this
 * library needs. Opening one runs the pending migrations (see {@link Migrations}). Thread-safe.
 *
 * <p>For PostgreSQL pass a pooled data source (HikariCP or the host's own): every store call borrows a
 * connection for one statement or one short transaction.
 *
 * <p><b>Timeouts.</b> Every store call is bounded by the timeout of the engine call it serves (or five seconds
 * outside one), whatever the pool's settings: borrowing a connection gives up at the bound, each statement
 * carries it as its query timeout and, on PostgreSQL, the connection's network timeout is the bound plus a
 * second. A call that meets the bound fails with a {@link StoreException}, which the engine reports as a
 * typed {@code store_unavailable} failure.
 *
 * <p><b>Units of work.</b> {@link #inUnitOfWork} binds one connection to the calling thread for the duration of
 * a piece of work: every store on this database called from that thread (instances, specs, audit events, ...)
 * then runs its statements on that connection, in one transaction committed when the work returns and rolled
 * back when it throws, so a multi-store change is all-or-nothing and pays for one commit. Audit rows written
 * in a unit are sent as one JDBC batch just before the commit. Other threads are not affected; they see the
 * unit's writes once it commits.
 */
public final class JdbcDatabase {
  /** The database's clock, in epoch milliseconds; the same SQL works on H2 and PostgreSQL. */
  static final String NOW_MS = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final ThreadLocal<UnitOfWork> unit = new ThreadLocal<>();

  private JdbcDatabase(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * Opens the database behind {@code dataSource} and migrates its schema.
   *
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static JdbcDatabase open(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new StoreException("cannot connect to the store database: " + e.getMessage(), e);
    }
    JdbcDatabase db = new JdbcDatabase(dataSource, dialect);
    new Migrations(db).migrate();
    return db;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The SQL databases the stores run on. */
  public enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect of(String productName) {
      String name = productName.toLowerCase(java.util.Locale.ROOT);
      if (name.contains("h2")) {
        return H2;
      }
      if (name.contains("postgres")) {
        return POSTGRESQL;
      }
      throw new StoreException("unsupported store database '" + productName + "' (H2 or PostgreSQL)", null);
    }
  }

  /** Work done with one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} with every store call this thread makes on this database in one transaction: committed
   * when {@code work} returns, rolled back when it throws (the exception is rethrown). A unit started inside
   * another joins it. Store errors raised inside stay {@link StoreException}s; a failing commit is one too.
   */
  public <T> T inUnitOfWork(String what, java.util.function.Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (unit.get() != null) {
      return work.get();
    }
    try (Connection c = BoundedConnections.borrow(dataSource, dialect)) {
      c.setAutoCommit(false);
      UnitOfWork u = new UnitOfWork(c, dialect);
      unit.set(u);
      try {
        T result = work.get();
        u.flush();
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        unit.remove();
        try {
          c.setAutoCommit(true);
        } finally {
          u.ended();
        }
      }
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code action} when the calling thread's {@linkplain #inUnitOfWork unit of work} on this database has
   * ended (committed or rolled back), or now when the thread is in none: for work that must not see the
   * database before the unit's writes are visible to other threads, such as dropping a cache entry.
   */
  public void afterUnitOfWork(Runnable action) {
    UnitOfWork u = unit.get();
    if (u == null) {
      action.run();
    } else {
      u.atEnd(action);
    }
  }

  /**
   * A connection borrowed within the current store timeout, for a store kept outside this package (the rate
   * limiter): the borrow gives up at the bound whatever the pool's own timeout, and on PostgreSQL the
   * connection's network timeout is the bound plus a second. Close it when done.
   *
   * @throws SQLException when no connection could be had within the bound ({@code SQLTimeoutException})
   */
  public Connection borrow() throws SQLException {
    return BoundedConnections.borrow(dataSource, dialect);
  }

  /** Whether the calling thread is inside a {@linkplain #inUnitOfWork unit of work} on this database. */
  public boolean inUnitOfWork() {
    return unit.get() != null;
  }

  /** Runs {@code work} on a connection in autocommit mode (one statement, or statements that stand alone). */
  <T> T withConnection(String what, Work<T> work) {
    UnitOfWork u = unit.get();
    if (u != null) {
      return u.run(what, work, false);
    }
    try (Connection c = BoundedConnections.borrow(dataSource, dialect)) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Like {@link #withConnection}, for work that catches an {@link SQLException} and carries on (a duplicate
   * key taken as an answer): inside a unit of work on PostgreSQL, where any error aborts the transaction, it
   * runs under a savepoint so the unit survives the error.
   */
  <T> T withRecoverableConnection(String what, Work<T> work) {
    UnitOfWork u = unit.get();
    return u != null ? u.run(what, work, true) : withConnection(what, work);
  }

  /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
  <T> T inTransaction(String what, Work<T> work) {
    UnitOfWork u = unit.get();
    if (u != null) {
      return u.run(what, work, false); // part of the unit's transaction
    }
    try (Connection c = BoundedConnections.borrow(dataSource, dialect)) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs an insert that nothing reads back before the end of the current unit of work (an audit row): inside a
   * unit it is queued and sent with the others of its statement as one JDBC batch just before the commit;
   * outside one it runs now. A failing deferred batch is logged by {@code onFailure} and never fails the
   * unit.
   */
  void insertLater(String what, String sql, java.util.function.Consumer<RuntimeException> onFailure,
      @Nullable Object... params) {
    UnitOfWork u = unit.get();
    if (u != null) {
      u.defer(sql, params, onFailure);
      return;
    }
    try {
      withConnection(what, c -> update(c, sql, params));
    } catch (RuntimeException e) {
      onFailure.accept(e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it and the database rolls back on its own
    }
  }

  /** Whether {@code e} says a unique constraint was violated (SQLState 23505 on H2 and PostgreSQL). */
  static boolean isDuplicateKey(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if ("23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static PreparedStatement prepare(Connection c, String sql, @Nullable Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(BoundedConnections.queryTimeoutSeconds());
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  static int update(Connection c, String sql, @Nullable Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  /** Reads one row. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  static <T> List<T> query(Connection c, String sql, RowReader<T> reader, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(reader.read(rs));
      }
      return rows;
    }
  }

  /**
   * Runs {@code sql} (ending in {@code IN (}) for the keys in chunks of at most 500 parameters, so a large
   * batch is a few round trips rather than one per key.
   */
  static <T> List<T> queryIn(Connection c, String sqlBeforeIn, java.util.Collection<String> keys,
      RowReader<T> reader) throws SQLException {
    List<T> rows = new ArrayList<>();
    List<String> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      rows.addAll(query(c, sqlBeforeIn + marks + ")", reader, chunk.toArray()));
    }
    return rows;
  }

  static <T> @Nullable T queryOne(Connection c, String sql, RowReader<T> reader, @Nullable Object... params)
      throws SQLException {
    List<T> rows = query(c, sql, reader, params);
    return rows.isEmpty() ? null : rows.get(0);
  }
}
