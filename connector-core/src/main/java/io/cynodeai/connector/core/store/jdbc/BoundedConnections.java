package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.core.internal.StoreTimeout;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Borrows connections within the current {@linkplain StoreTimeout store timeout}, whatever the pool's own
 * connection timeout: a watchdog interrupts a borrow still waiting at the deadline (HikariCP and other
 * blocking pools give up on an interrupt with an {@link SQLException}). On PostgreSQL the connection's
 * network timeout is set to the bound plus a second, so a statement on a server that stopped answering
 * fails too; each statement's query timeout is set by {@link #queryTimeoutSeconds}. Thread-safe.
 */
final class BoundedConnections {
  private static final int BORROWING = 0;
  private static final int BORROWED = 1;
  private static final int INTERRUPTING = 2;
  private static final int INTERRUPTED = 3;
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
  /** Network timeouts are enforced by the driver's socket; it needs no executor of its own. */
  private static final Executor DIRECT = Runnable::run;

  private BoundedConnections() {}

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "connector-store-watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.setRemoveOnCancelPolicy(true);
    return watchdog;
  }

  /** The query timeout for a statement run now: the store timeout rounded up to whole seconds. */
  static int queryTimeoutSeconds() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (StoreTimeout.nanos() + 999_999_999L) / 1_000_000_000L));
  }

  /** Borrows a connection from {@code dataSource}, giving up with an {@link SQLTimeoutException} at the bound. */
  static Connection borrow(DataSource dataSource, JdbcDatabase.Dialect dialect) throws SQLException {
    long bound = StoreTimeout.nanos();
    Thread borrower = Thread.currentThread();
    boolean wasInterrupted = Thread.interrupted(); // a pending interrupt would fail the borrow at once
    AtomicInteger state = new AtomicInteger(BORROWING);
    ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
      if (state.compareAndSet(BORROWING, INTERRUPTING)) {
        borrower.interrupt();
        state.set(INTERRUPTED);
      }
    }, bound, TimeUnit.NANOSECONDS);
    Connection c = null;
    SQLException failure = null;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      failure = e;
    } finally {
      if (!state.compareAndSet(BORROWING, BORROWED)) {
        while (state.get() != INTERRUPTED) {
          Thread.onSpinWait(); // the watchdog is between its decision and the interrupt: a few instructions
        }
        Thread.interrupted(); // ours, not the caller's
        if (c != null) {
          c.close(); // borrowed just as the bound ran out: the call has given up on it
          c = null;
        }
        failure = new SQLTimeoutException("no database connection within the store timeout of "
            + TimeUnit.NANOSECONDS.toMillis(bound) + " ms", "08001", failure);
      } else {
        alarm.cancel(false);
      }
      if (wasInterrupted) {
        borrower.interrupt();
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (dialect == JdbcDatabase.Dialect.POSTGRESQL) {
      try {
        c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(bound) + 1_000));
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }
}
