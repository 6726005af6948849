package io.cynodeai.connector.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import io.cynodeai.connector.core.store.jdbc.JdbcInstanceStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * This node's cache of instance lookups for the call path. A call reads its instance from here instead of the
 * store: an entry lives at most its staleness bound ({@link #DEFAULT_STALENESS} unless the host sets another)
 * after it was read, so a change made on another node (disable, uninstall, a new config, a breaker's status)
 * reaches this node's calls within that bound; a change made through this node's engine drops the entry at once
 * and again when the transaction that made it has ended ({@link #store()} invalidates on every write; a status
 * update outside a transaction is applied to the entry instead, so a health write costs no read), so this node
 * never keeps its own change's old state. Only present instances are cached (an instance installed
 * elsewhere is seen at once). Lifecycle and operator reads go through {@link #store()}, uncached, so
 * compare-and-set updates read the stored resource version. An in-memory store is not cached (its lookups are
 * already a map read), nor is any store when the bound is zero. Thread-safe.
 */
public final class InstanceCache {
  /** How long another node's change to an instance may go unseen by this node's calls, unless set. */
  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);
  /** At most this many instances are cached; the least recently used beyond it are dropped. */
  static final long MAX_ENTRIES = 10_000;

  private final InstanceStore delegate;
  private final @Nullable Cache<String, ConnectorInstance> cache;
  private final @Nullable JdbcDatabase database;
  private final InstanceStore store;
  private final InstanceStore forCalls;

  private InstanceCache(InstanceStore delegate, Duration staleness, Ticker ticker) {
    this.delegate = delegate;
    this.database = delegate instanceof JdbcInstanceStore jdbc ? jdbc.database() : null;
    if (staleness.isZero()) {
      this.cache = null;
      this.store = delegate;
      this.forCalls = delegate;
    } else {
      Cache<String, ConnectorInstance> entries = Caffeine.newBuilder().expireAfter(readAtMost(staleness))
          .maximumSize(MAX_ENTRIES).ticker(ticker)
          .scheduler(Scheduler.systemScheduler()) // expired entries leave without waiting for more traffic
          .build();
      this.cache = entries;
      this.store = new View(null);
      this.forCalls = new View(entries);
    }
  }

  /**
   * A cache over {@code store} whose entries live at most {@code staleness}; none (calls read {@code store})
   * when it is zero or the store is the in-memory one.
   *
   * @throws IllegalArgumentException if {@code staleness} is negative
   */
  public static InstanceCache over(InstanceStore store, Duration staleness) {
    return over(store, staleness, Ticker.systemTicker());
  }

  /** As {@link #over(InstanceStore, Duration)}, with entries aged by {@code ticker}; for tests. */
  static InstanceCache over(InstanceStore store, Duration staleness, Ticker ticker) {
    if (staleness.isNegative()) {
      throw new IllegalArgumentException("instance cache staleness must not be negative");
    }
    return new InstanceCache(store, store instanceof InMemoryInstanceStore ? Duration.ZERO : staleness, ticker);
  }

  /**
   * Entries expire {@code staleness} after they were read from the store. Applying this node's status update to
   * an entry does not extend its life: the rest of the entry is as old as the read.
   */
  private static Expiry<String, ConnectorInstance> readAtMost(Duration staleness) {
    long nanos = staleness.toNanos();
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String id, ConnectorInstance instance, long now) {
        return nanos;
      }

      @Override
      public long expireAfterUpdate(String id, ConnectorInstance instance, long now, long remaining) {
        return remaining;
      }

      @Override
      public long expireAfterRead(String id, ConnectorInstance instance, long now, long remaining) {
        return remaining;
      }
    };
  }

  /** The store under a cache's view, or {@code store} itself when it is not one. */
  public static InstanceStore underlying(InstanceStore store) {
    return store instanceof View view ? view.owner().delegate : store;
  }

  /** The store with uncached reads; its writes drop the written instance from this node's cache. */
  public InstanceStore store() {
    return store;
  }

  /** The store as the call path reads it: {@code find} cached, writes as {@link #store()}. */
  public InstanceStore forCalls() {
    return forCalls;
  }

  /** How many instances this node holds now, expired ones not yet removed included; for tests. */
  long held() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  /** Drops one instance from this node's cache. */
  public void invalidate(String instanceId) {
    if (cache != null) {
      cache.invalidate(instanceId);
    }
  }

  /**
   * Drops a written instance now and, when the write is part of a unit of work on the store's database, again
   * when the unit has ended: a call on another thread may have read the old row back in before the unit
   * committed.
   */
  private void written(String instanceId) {
    invalidate(instanceId);
    if (database != null && database.inUnitOfWork()) {
      database.afterUnitOfWork(() -> invalidate(instanceId));
    }
  }

  private final class View implements InstanceStore {
    private final @Nullable Cache<String, ConnectorInstance> reads;

    /** A view whose {@code find} goes through {@code reads}, or straight to the store when null. */
    View(@Nullable Cache<String, ConnectorInstance> reads) {
      this.reads = reads;
    }

    InstanceCache owner() {
      return InstanceCache.this;
    }

    @Override
    public Optional<ConnectorInstance> find(String instanceId) {
      Cache<String, ConnectorInstance> reads = this.reads;
      if (reads == null) {
        return delegate.find(instanceId);
      }
      // a write's invalidate waits for a load of the same key in flight, so a load that read the old row
      // before a local write committed cannot outlive the write in the cache
      return Optional.ofNullable(reads.get(instanceId, id -> delegate.find(id).orElse(null)));
    }

    @Override
    public List<ConnectorInstance> list() {
      return delegate.list();
    }

    @Override
    public Map<String, ConnectorInstance> findAll(Collection<String> instanceIds) {
      return delegate.findAll(instanceIds);
    }

    @Override
    public ConnectorInstance create(ConnectorInstance instance) {
      try {
        return delegate.create(instance);
      } finally {
        written(instance.id());
      }
    }

    @Override
    public ConnectorInstance replace(ConnectorInstance instance) {
      try {
        return delegate.replace(instance);
      } finally {
        written(instance.id());
      }
    }

    @Override
    public void updateStatus(String instanceId, StatusUpdate update) {
      boolean stored = false;
      try {
        delegate.updateStatus(instanceId, update);
        stored = true;
      } finally {
        Cache<String, ConnectorInstance> entries = cache;
        if (stored && entries != null && (database == null || !database.inUnitOfWork())) {
          // the status fields as the store now has them: a cached entry takes the same update (a load in
          // flight finishes first), so a health write does not cost the next call a read
          entries.asMap().computeIfPresent(instanceId, (id, cached) -> cached.withStatusUpdate(update));
        } else {
          written(instanceId);
        }
      }
    }

    @Override
    public boolean purge(String instanceId) {
      try {
        return delegate.purge(instanceId);
      } finally {
        written(instanceId);
      }
    }
  }
}
