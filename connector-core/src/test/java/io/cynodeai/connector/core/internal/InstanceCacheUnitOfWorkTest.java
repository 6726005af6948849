package io.cynodeai.connector.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.store.jdbc.JdbcDatabase;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write made inside a unit of work (a spec batch's transaction) on a real H2 database: a call on another
 * thread that reads the instance before the unit commits sees, and caches, the committed old row; once the unit
 * has ended the cache reads the new row at once, not after the staleness bound.
 */
class InstanceCacheUnitOfWorkTest {
  @TempDir
  Path dir;

  @Test
  void anEntryReadBackDuringAUnitOfWorkIsDroppedWhenTheUnitEnds() throws Exception {
    try (Stores stores = Stores.h2(dir.resolve("state"))) {
      JdbcDatabase database = stores.database();
      InstanceCache cache = InstanceCache.over(stores.instances(), Duration.ofMinutes(5));
      Instant now = Instant.parse("2026-01-02T03:04:05Z");
      cache.store().create(new ConnectorInstance("i-1", "http", "1.0.0", "1", JsonResources.parse("{}"),
          OwnerScope.user("alice"), "proj-a", InstanceStatus.ACTIVE, null, null, null, RateLimitPolicy.of(5, 10),
          now, now, null, 0));

      database.inUnitOfWork("disabling in a batch", () -> {
        cache.store().updateStatus("i-1", StatusUpdate.status(InstanceStatus.DISABLED));
        Optional<ConnectorInstance> seenElsewhere = CompletableFuture
            .supplyAsync(() -> cache.forCalls().find("i-1")).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(seenElsewhere).as("another thread reads the committed row while the unit is open")
            .map(ConnectorInstance::status).contains(InstanceStatus.ACTIVE);
        return null;
      });

      assertThat(cache.forCalls().find("i-1")).as("the unit ended: its write is seen at once")
          .map(ConnectorInstance::status).contains(InstanceStatus.DISABLED);
    }
  }
}
