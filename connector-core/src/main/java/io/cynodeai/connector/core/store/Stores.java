package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.core.audit.AuditStore;
import io.cynodeai.connector.core.catalog.CatalogStore;
import io.cynodeai.connector.core.catalog.InMemoryCatalogStore;
import io.cynodeai.connector.core.store.jdbc.JdbcCatalogStore;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import io.cynodeai.connector.core.store.jdbc.JdbcAuditStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.store.jdbc.JdbcCursorStore;
import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import io.cynodeai.connector.core.store.jdbc.JdbcIdempotencyStore;
import io.cynodeai.connector.core.store.jdbc.JdbcInstanceStore;
import io.cynodeai.connector.core.store.jdbc.JdbcJobStore;
import io.cynodeai.connector.core.store.jdbc.JdbcSpecStore;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * One consistent set of backends for an engine: instances, idempotency records, jobs, dead letters,
 * cursors, applied specs, webhook records and a catalog's records ({@link #catalog()}), all in memory, all in one H2
 * file, or all in one PostgreSQL database; the database sets also hold a queryable audit store ({@link #audit()}) and cluster-wide rate limits
 * ({@link #rateLimiter()}). Hand it to {@code
 * EngineBuilder.stores(..)}. Several engines (nodes) may share one PostgreSQL-backed set, each opening its
 * own {@code Stores.postgres(..)} on the same database.
 *
 * <p>The host owns a {@code Stores} and closes it after the engines using it are closed; closing releases
 * the H2 file (for {@link #h2}) and nothing else (a data source passed in stays the host's). Thread-safe.
 */
public final class Stores implements AutoCloseable {
  private final InstanceStore instances;
  private final IdempotencyStore idempotency;
  private final CursorStore cursors;
  private final JobStore jobs;
  private final SpecStore specs;
  private final io.cynodeai.connector.api.store.WebhookStore webhooks;
  private final @Nullable JdbcDatabase database;
  private final @Nullable AuditStore audit;
  private final CatalogStore catalog;
  private final @Nullable AutoCloseable owned;

  private Stores(InstanceStore instances, IdempotencyStore idempotency, CursorStore cursors, JobStore jobs,
      SpecStore specs, @Nullable JdbcDatabase database, @Nullable AutoCloseable owned) {
    this.audit = database == null ? null : new JdbcAuditStore(database);
    this.catalog = database == null ? new InMemoryCatalogStore() : new JdbcCatalogStore(database);
    this.webhooks = database == null ? new InMemoryWebhookStore()
        : new io.cynodeai.connector.core.store.jdbc.JdbcWebhookStore(database);
    this.jobs = jobs;
    this.specs = specs;
    this.instances = instances;
    this.idempotency = idempotency;
    this.cursors = cursors;
    this.database = database;
    this.owned = owned;
  }

  /** Everything in memory, for tests and ephemeral hosts: lost when the process ends, one engine only. */
  public static Stores inMemory() {
    return new Stores(new InMemoryInstanceStore(), new InMemoryIdempotencyStore(), new InMemoryCursorStore(),
        new InMemoryJobStore(), new InMemorySpecStore(), null, null);
  }

  /**
   * Everything in an embedded H2 database at {@code file} (H2 adds {@code .mv.db}; missing directories are
   * created): durable across restarts, nothing to install, one process at a time. The schema is created or
   * migrated now.
   *
   * <p>H2 is an optional dependency of the engine: a host using this method adds {@code com.h2database:h2}
   * (the engine is tested with 2.3) to its own dependencies.
   *
   * @throws io.cynodeai.connector.api.store.StoreException if the file cannot be opened (another process
   *     holds it, say) or migrated
   * @throws IllegalStateException if H2 is not on the class path
   */
  public static Stores h2(Path file) {
    return h2(file, true);
  }

  /**
   * {@link #h2(Path)}; with {@code closeAtJvmExit} false, H2 does not close the database from its own shutdown
   * hook, so a host whose shutdown hook still finishes (or rolls back) work and then closes these stores does
   * not see the database closed under it. Such a host must close the stores itself.
   */
  public static Stores h2(Path file, boolean closeAtJvmExit) {
    Objects.requireNonNull(file, "file");
    if (!H2Files.available()) {
      throw new IllegalStateException("Stores.h2 needs the H2 database engine on the class path: add the "
          + "dependency com.h2database:h2 (2.3), or use Stores.postgres or Stores.inMemory");
    }
    H2Files.Opened opened = H2Files.open(file, closeAtJvmExit);
    return jdbc(opened.database(), opened.release());
  }

  /**
   * Everything in the PostgreSQL database behind {@code dataSource} (pass a pooled one), shared by every
   * engine node that opens it. The schema is created or migrated now, by one node at a time.
   *
   * @throws io.cynodeai.connector.api.store.StoreException if the database cannot be reached or migrated
   */
  public static Stores postgres(DataSource dataSource) {
    JdbcDatabase db = JdbcDatabase.open(dataSource);
    if (db.dialect() != JdbcDatabase.Dialect.POSTGRESQL) {
      throw new IllegalArgumentException("the data source is " + db.dialect() + ", not PostgreSQL");
    }
    return jdbc(db, null);
  }

  private static Stores jdbc(JdbcDatabase db, @Nullable AutoCloseable owned) {
    return new Stores(new JdbcInstanceStore(db), new JdbcIdempotencyStore(db), new JdbcCursorStore(db),
        new JdbcJobStore(db), new JdbcSpecStore(db), db, owned);
  }

  public InstanceStore instances() {
    return instances;
  }

  public IdempotencyStore idempotency() {
    return idempotency;
  }

  public CursorStore cursors() {
    return cursors;
  }

  /** Async jobs and the dead-letter store. */
  public JobStore jobs() {
    return jobs;
  }

  /**
   * The queryable audit store in the same database (time range, instance, user, project; paged), or null for
   * in-memory stores. It receives events only when the host makes it (part of) the engine's audit sink, e.g.
   * {@code .auditSink(new Slf4jJsonAuditSink().and(stores.audit()))}; {@code EngineBuilder.stores(..)} makes
   * the engine's retention task purge it in any case.
   */
  public @Nullable AuditStore audit() {
    return audit;
  }

  /**
   * Token buckets and provider quota state in the same database, shared by every engine node on it (pass it to
   * {@code EngineBuilder.rateLimitBackend(limiter, limiter)}), or null for in-memory stores. Its tables come
   * from the stores' migrations.
   */
  public @Nullable JdbcRateLimiter rateLimiter() {
    return database == null ? null : new JdbcRateLimiter(database);
  }

  /**
   * Where a connector catalog keeps its records, in the same database (in memory for in-memory stores): create
   * the catalog on it, {@code ConnectorCatalog.create(stores.catalog(), policy, audit, clock)}, so every node
   * enforces the same approvals. {@code EngineBuilder.build()} refuses a catalog kept in memory next to database
   * stores.
   */
  public CatalogStore catalog() {
    return catalog;
  }

  /** Webhook deduplication records, subscriptions and sealed verification secrets (§11). */
  public io.cynodeai.connector.api.store.WebhookStore webhooks() {
    return webhooks;
  }

  /** Applied connector specs (§19). */
  public SpecStore specs() {
    return specs;
  }

  /** The database behind these stores, when they are JDBC stores. */
  public @Nullable JdbcDatabase database() {
    return database;
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the stores failed", e);
      }
    }
  }
}
