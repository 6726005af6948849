package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.core.store.InMemoryCursorStore;
import io.cynodeai.connector.core.store.InMemoryIdempotencyStore;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.core.store.InMemoryJobStore;
import io.cynodeai.connector.core.store.InMemorySpecStore;
import io.cynodeai.connector.core.store.InMemoryWebhookStore;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.internal.catalog.CatalogGate;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The stores an engine builder has been given, one by one or as a {@link Stores} set, and the in-memory
 * default of each store it was not given (those that need the engine's clock are made when it is built).
 * Mutable, like the builder that owns it; not thread-safe.
 */
public final class StoreSelection {
  public InstanceStore instances = new InMemoryInstanceStore();
  public SpecStore specs = new InMemorySpecStore();
  public CursorStore cursors = new InMemoryCursorStore();
  public @Nullable IdempotencyStore idempotency;
  public @Nullable JobStore jobs;
  public @Nullable WebhookStore webhooks;
  /** The audit store of a {@link Stores} set, covered by the retention task. */
  public @Nullable AuditRetention audit;
  /** The rate limits and provider quota state of a database {@link Stores} set, shared by its nodes. */
  public @Nullable JdbcRateLimiter limits;
  /** Whether the stores are a database set, whose every part must then live in that database. */
  public boolean shared;
  /**
   * How long a call may use an instance read before, when the instance store is not the in-memory one (zero:
   * every call reads the store). See {@link InstanceCache}.
   */
  public java.time.Duration instanceStaleness = InstanceCache.DEFAULT_STALENESS;

  /** Every store from {@code stores}. */
  public void use(Stores stores) {
    audit = stores.audit();
    instances = stores.instances();
    idempotency = stores.idempotency();
    jobs = stores.jobs();
    specs = stores.specs();
    cursors = stores.cursors();
    webhooks = stores.webhooks();
    limits = stores.rateLimiter();
    shared = stores.database() != null;
  }

  /**
   * Refuses a catalog that keeps its records in memory next to database stores: every node would enforce its
   * own approvals, and a restart would forget them.
   *
   * @throws IllegalStateException naming the fix
   */
  public void requireSharedCatalog(CatalogGate catalog) {
    if (shared && catalog.keptInMemory()) {
      throw new IllegalStateException("the connector catalog keeps its records in memory while the engine's "
          + "stores are in a database: create it on the same database with ConnectorCatalog.create(stores."
          + "catalog(), policy, audit, clock)");
    }
  }

  public IdempotencyStore idempotencyOrDefault(Clock clock) {
    return idempotency != null ? idempotency : new InMemoryIdempotencyStore(clock);
  }

  public JobStore jobsOrDefault(Clock clock) {
    return jobs != null ? jobs : new InMemoryJobStore(clock);
  }

  public WebhookStore webhooksOrDefault(Clock clock) {
    return webhooks != null ? webhooks : new InMemoryWebhookStore(clock);
  }
}
