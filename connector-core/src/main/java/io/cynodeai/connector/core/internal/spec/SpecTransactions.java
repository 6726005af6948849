package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.internal.InstanceCache;
import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import io.cynodeai.connector.core.store.jdbc.JdbcInstanceStore;
import io.cynodeai.connector.core.store.jdbc.JdbcSpecStore;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a spec batch's writes are made all-or-nothing. When the spec store and the instance store live in the
 * same JDBC database, the whole batch (instance writes, spec rows, and audit rows when the audit store is in
 * that database too) runs in one {@linkplain JdbcDatabase#inUnitOfWork unit of work}: one transaction, rolled
 * back by the database when the batch fails. Otherwise (in-memory or mixed stores) the writes happen one by one
 * and a failed batch is undone by putting snapshots back ({@link #transactional()} is false). Thread-safe.
 */
final class SpecTransactions {
  private final @Nullable JdbcDatabase database;

  private SpecTransactions(@Nullable JdbcDatabase database) {
    this.database = database;
  }

  static SpecTransactions of(SpecStore specs, InstanceStore store) {
    InstanceStore instances = InstanceCache.underlying(store);
    if (specs instanceof JdbcSpecStore s && instances instanceof JdbcInstanceStore i
        && s.database() == i.database()) {
      return new SpecTransactions(s.database());
    }
    return new SpecTransactions(null);
  }

  /** Whether a batch that throws out of {@link #run} leaves nothing written. */
  boolean transactional() {
    return database != null;
  }

  /** Runs the writes of one batch: in one transaction when {@link #transactional()}, else as they come. */
  <T> T run(String what, Supplier<T> writes) {
    return database == null ? writes.get() : database.inUnitOfWork(what, writes);
  }
}
