package io.cynodeai.connector.core.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.core.ratelimit.InMemoryRateLimiter;
import io.cynodeai.connector.core.ratelimit.JdbcRateLimiter;
import io.cynodeai.connector.core.ratelimit.ProviderQuota;
import io.cynodeai.connector.core.store.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes' views of the provider quota state in one real H2 database. */
class CachedProviderQuotaTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir
  Path dir;

  @Test
  void aLocalBlockIsSeenAtOnceAndAnotherNodesWithinTheBound() {
    try (Stores stores = Stores.h2(dir.resolve("quota"))) {
      JdbcRateLimiter shared = stores.rateLimiter();
      AtomicLong nanos = new AtomicLong();
      ProviderQuota nodeA = CachedProviderQuota.over(shared, Duration.ofSeconds(1), nanos::get);
      ProviderQuota nodeB = CachedProviderQuota.over(shared, Duration.ofSeconds(1), nanos::get);
      assertThat(nodeA.blockedUntil("i-1", NOW)).isEmpty();
      assertThat(nodeB.blockedUntil("i-1", NOW)).isEmpty();

      nodeA.blockUntil("i-1", NOW.plusSeconds(30));
      assertThat(nodeA.blockedUntil("i-1", NOW)).as("this node's block, at once").contains(NOW.plusSeconds(30));
      assertThat(nodeB.blockedUntil("i-1", NOW)).as("the other node, within its bound: as it read").isEmpty();
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(nodeB.blockedUntil("i-1", NOW)).as("the other node, at its bound").contains(NOW.plusSeconds(30));
      assertThat(nodeB.blockedUntil("i-1", NOW.plusSeconds(31))).as("a block read before ends on time").isEmpty();
    }
  }

  @Test
  void anInMemoryQuotaOrAZeroBoundIsUsedAsItIs() {
    InMemoryRateLimiter memory = new InMemoryRateLimiter();
    assertThat(CachedProviderQuota.over(memory, Duration.ofSeconds(1))).isSameAs(memory);
    try (Stores stores = Stores.h2(dir.resolve("zero"))) {
      JdbcRateLimiter shared = stores.rateLimiter();
      assertThat(CachedProviderQuota.over(shared, Duration.ZERO)).isSameAs(shared);
    }
  }
}
