package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.api.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The connection and pending batched inserts of one {@link JdbcDatabase#inUnitOfWork unit of work}. Confined to
 * the thread that opened the unit; not thread-safe.
 */
final class UnitOfWork {
  private final Connection connection;
  private final JdbcDatabase.Dialect dialect;
  private final Map<String, Deferred> deferred = new LinkedHashMap<>();
  private final List<Runnable> atEnd = new ArrayList<>();

  UnitOfWork(Connection connection, JdbcDatabase.Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  /**
   * Runs store work on the unit's connection, inside its transaction. With {@code recoverable}, on PostgreSQL
   * (where a failed statement aborts the whole transaction) the work runs under a savepoint that is rolled
   * back when it throws, so the unit can go on; H2 already undoes just the failed statement.
   */
  <T> T run(String what, JdbcDatabase.Work<T> work, boolean recoverable) {
    Savepoint savepoint = null;
    try {
      if (recoverable && dialect == JdbcDatabase.Dialect.POSTGRESQL) {
        savepoint = connection.setSavepoint();
      }
      T result = work.run(connection);
      if (savepoint != null) {
        connection.releaseSavepoint(savepoint);
      }
      return result;
    } catch (SQLException e) {
      rollbackTo(savepoint);
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollbackTo(savepoint);
      throw e;
    }
  }

  /** Runs {@code action} once the unit has ended, committed or rolled back. */
  void atEnd(Runnable action) {
    atEnd.add(action);
  }

  /** Runs the actions registered with {@link #atEnd}, in order; each runs even if an earlier one throws. */
  void ended() {
    RuntimeException first = null;
    for (Runnable action : atEnd) {
      try {
        action.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    atEnd.clear();
    if (first != null) {
      throw first;
    }
  }

  void defer(String sql, @Nullable Object[] params, Consumer<RuntimeException> onFailure) {
    deferred.computeIfAbsent(sql, k -> new Deferred(onFailure)).rows.add(params.clone());
  }

  /**
   * Sends the deferred inserts, one JDBC batch per statement, each under a savepoint: a batch that fails is
   * undone and reported to its failure handler, and the rest of the unit still commits.
   */
  void flush() throws SQLException {
    for (Map.Entry<String, Deferred> e : deferred.entrySet()) {
      Savepoint savepoint = connection.setSavepoint();
      try (PreparedStatement ps = connection.prepareStatement(e.getKey())) {
        ps.setQueryTimeout(BoundedConnections.queryTimeoutSeconds());
        for (Object[] row : e.getValue().rows) {
          for (int i = 0; i < row.length; i++) {
            ps.setObject(i + 1, row[i]);
          }
          ps.addBatch();
        }
        ps.executeBatch();
        connection.releaseSavepoint(savepoint);
      } catch (SQLException ex) {
        connection.rollback(savepoint);
        e.getValue().onFailure.accept(new StoreException("writing " + e.getValue().rows.size()
            + " batched row(s) failed: " + ex.getMessage(), ex));
      }
    }
    deferred.clear();
  }

  private void rollbackTo(@Nullable Savepoint savepoint) {
    if (savepoint == null) {
      return;
    }
    try {
      connection.rollback(savepoint);
    } catch (SQLException ignored) {
      // the connection is broken: the unit's commit fails and the database rolls everything back
    }
  }

  private static final class Deferred {
    final Consumer<RuntimeException> onFailure;
    final List<Object[]> rows = new ArrayList<>();

    Deferred(Consumer<RuntimeException> onFailure) {
      this.onFailure = onFailure;
    }
  }
}
