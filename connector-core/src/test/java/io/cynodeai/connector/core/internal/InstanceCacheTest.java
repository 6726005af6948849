package io.cynodeai.connector.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InstanceCacheTest {
  private final InMemoryInstanceStore backing = new InMemoryInstanceStore();
  private final AtomicInteger reads = new AtomicInteger();
  /** A store that is not the in-memory one (so it is cached) and counts its lookups. */
  private final InstanceStore counting = new InstanceStore() {
    @Override
    public Optional<ConnectorInstance> find(String instanceId) {
      reads.incrementAndGet();
      return backing.find(instanceId);
    }

    @Override
    public List<ConnectorInstance> list() {
      return backing.list();
    }

    @Override
    public ConnectorInstance create(ConnectorInstance instance) {
      return backing.create(instance);
    }

    @Override
    public ConnectorInstance replace(ConnectorInstance instance) {
      return backing.replace(instance);
    }

    @Override
    public void updateStatus(String instanceId, StatusUpdate update) {
      backing.updateStatus(instanceId, update);
    }
  };

  private static ConnectorInstance instance(String id) {
    Instant now = Instant.parse("2025-01-02T03:04:05Z");
    return new ConnectorInstance(id, "http", "1.2.0", "1", JsonResources.parse("{}"), OwnerScope.group("ops"),
        "proj-a", InstanceStatus.ACTIVE, null, null, null, RateLimitPolicy.of(5, 10), now, now, null, 0);
  }

  @Test
  void callsReadTheStoreOncePerBoundAndALocalWriteIsSeenAtOnce() {
    InstanceCache cache = InstanceCache.over(counting, Duration.ofMinutes(5));
    cache.store().create(instance("i-1"));
    for (int i = 0; i < 10; i++) {
      assertThat(cache.forCalls().find("i-1")).map(ConnectorInstance::status).contains(InstanceStatus.ACTIVE);
    }
    assertThat(reads).as("one store read for ten calls").hasValue(1);

    cache.store().updateStatus("i-1", StatusUpdate.status(InstanceStatus.DISABLED)); // a write on this node
    assertThat(cache.forCalls().find("i-1")).map(ConnectorInstance::status).contains(InstanceStatus.DISABLED);
    assertThat(reads).as("a status update is applied to the entry").hasValue(1);

    cache.store().replace(backing.find("i-1").orElseThrow()); // any other write drops it
    assertThat(cache.forCalls().find("i-1")).isPresent();
    assertThat(reads).hasValue(2);

    assertThat(cache.store().find("i-1")).isPresent(); // lifecycle reads are never cached
    assertThat(reads).hasValue(3);
  }

  @Test
  void anotherNodesWriteIsSeenOnceTheEntryExpiresAndMissingInstancesAreNotCached() {
    AtomicLong nanos = new AtomicLong();
    InstanceCache cache = InstanceCache.over(counting, Duration.ofMillis(200), nanos::get);
    assertThat(cache.forCalls().find("i-2")).isEmpty();
    backing.create(instance("i-2")); // installed through another node: seen by the next call
    assertThat(cache.forCalls().find("i-2")).isPresent();
    backing.updateStatus("i-2", StatusUpdate.status(InstanceStatus.DISABLED)); // another node disables it
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(150));
    cache.store().updateStatus("i-2", StatusUpdate.succeededAt(Instant.now())); // this node's health write
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(49));
    assertThat(cache.forCalls().find("i-2")).as("within the bound: the entry read before")
        .map(ConnectorInstance::status).contains(InstanceStatus.ACTIVE);
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(cache.forCalls().find("i-2")).as("at the bound, however recently this node updated it: read again")
        .map(ConnectorInstance::status).contains(InstanceStatus.DISABLED);
  }

  @Test
  void anExpiredEntryIsRemovedWithoutFurtherCalls() {
    InstanceCache cache = InstanceCache.over(counting, Duration.ofMillis(50));
    cache.store().create(instance("i-3"));
    assertThat(cache.forCalls().find("i-3")).isPresent();
    assertThat(cache.held()).isEqualTo(1);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.held() > 0) { // no call touches the cache: its scheduler removes the entry
      assertThat(System.nanoTime()).as("removed within 10 s").isLessThan(until);
      Thread.onSpinWait();
    }
  }

  @Test
  void anInMemoryStoreOrAZeroBoundIsUsedAsItIs() {
    InstanceCache cache = InstanceCache.over(backing, InstanceCache.DEFAULT_STALENESS);
    assertThat(cache.forCalls()).isSameAs(backing);
    assertThat(cache.store()).isSameAs(backing);
    InstanceCache off = InstanceCache.over(counting, Duration.ZERO);
    assertThat(off.forCalls()).isSameAs(counting);
    assertThat(off.store()).isSameAs(counting);
    assertThat(InstanceCache.underlying(InstanceCache.over(counting, Duration.ofSeconds(1)).forCalls()))
        .isSameAs(counting);
    assertThatThrownBy(() -> InstanceCache.over(counting, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
