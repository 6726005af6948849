package io.cynodeai.connector.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's cache of instance lookups for the call path. A call reads its instance from here instead of the
 * store: an entry lives at most {@link #STALENESS} after it was read, so a change made on another node (disable,
 * uninstall, a new config, a breaker's status) reaches this node's calls within that bound; a change made
 * through this node's engine drops the entry at once ({@link #store()} invalidates on every write), so this
 * node never serves its own stale state. Only present instances are cached (an instance installed elsewhere is
 * seen at once). Lifecycle and operator reads go through {@link #store()}, uncached, so compare-and-set
 * updates read the stored resource version. An in-memory store is not cached (its lookups are already a map
 * read). Thread-safe.
 */
public final class InstanceCache {
  /** How long another node's change to an instance may go unseen by this node's calls. */
  public static final Duration STALENESS = Duration.ofSeconds(1);
  /** At most this many instances are cached; the least recently used beyond it are dropped. */
  static final long MAX_ENTRIES = 10_000;

  private final InstanceStore delegate;
  private final Cache<String, ConnectorInstance> cache;
  private final InstanceStore store;
  private final InstanceStore forCalls;

  private InstanceCache(InstanceStore delegate, boolean cached, Duration staleness) {
    this.delegate = delegate;
    this.cache = cached ? Caffeine.newBuilder().expireAfterWrite(staleness).maximumSize(MAX_ENTRIES).build() : null;
    this.store = cached ? new View(false) : delegate;
    this.forCalls = cached ? new View(true) : delegate;
  }

  /** A cache over {@code store} with the default {@link #STALENESS}. */
  public static InstanceCache over(InstanceStore store) {
    return new InstanceCache(store, !(store instanceof InMemoryInstanceStore), STALENESS);
  }

  /** A cache with its own bound; for tests. */
  static InstanceCache over(InstanceStore store, Duration staleness) {
    return new InstanceCache(store, true, staleness);
  }

  /** The store with uncached reads; its writes drop the written instance from this node's cache. */
  public InstanceStore store() {
    return store;
  }

  /** The store as the call path reads it: {@code find} cached, writes as {@link #store()}. */
  public InstanceStore forCalls() {
    return forCalls;
  }

  /** Drops one instance from this node's cache. */
  public void invalidate(String instanceId) {
    if (cache != null) {
      cache.invalidate(instanceId);
    }
  }

  private final class View implements InstanceStore {
    private final boolean cachedReads;

    View(boolean cachedReads) {
      this.cachedReads = cachedReads;
    }

    @Override
    public Optional<ConnectorInstance> find(String instanceId) {
      if (!cachedReads) {
        return delegate.find(instanceId);
      }
      // a write's invalidate waits for a load of the same key in flight, so a load that read the old row
      // before a local write committed cannot outlive the write in the cache
      return Optional.ofNullable(cache.get(instanceId, id -> delegate.find(id).orElse(null)));
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
        cache.invalidate(instance.id());
      }
    }

    @Override
    public ConnectorInstance replace(ConnectorInstance instance) {
      try {
        return delegate.replace(instance);
      } finally {
        cache.invalidate(instance.id());
      }
    }

    @Override
    public void updateStatus(String instanceId, StatusUpdate update) {
      try {
        delegate.updateStatus(instanceId, update);
      } finally {
        cache.invalidate(instanceId);
      }
    }

    @Override
    public boolean purge(String instanceId) {
      try {
        return delegate.purge(instanceId);
      } finally {
        cache.invalidate(instanceId);
      }
    }
  }
}
