package io.cynodeai.connector.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.core.store.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * How long claiming one job takes as the backlog grows, on H2 and PostgreSQL: for each backlog size, that many
 * pending jobs are inserted into fresh stores, then {@code CLAIMS} single-job claims are timed through {@code
 * JobStore.claim}. Side by side, the same claims with the single-read query shape the store used before ("pending
 * and due OR running with an expired lease", ordered by {@code run_after}), run in a transaction that is rolled
 * back. A plain main: {@code java -cp benchmarks/target/benchmarks.jar
 * io.cynodeai.connector.benchmarks.JobClaimBenchmark [small] [large]} (defaults 100 and 100000).
 */
public final class JobClaimBenchmark {
  private static final int CLAIMS = 50;
  private static final String OLD_CLAIM = "SELECT job_id FROM connector_jobs WHERE (state = 'pending' AND "
      + "run_after <= ?) OR (state = 'running' AND lease_until <= ?) ORDER BY run_after FETCH FIRST 1 ROWS ONLY "
      + "FOR UPDATE SKIP LOCKED";

  private JobClaimBenchmark() {}

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    System.out.printf(Locale.ROOT, "%-11s %9s %16s %16s%n", "database", "backlog", "claim ms (now)",
        "claim ms (OR)");
    Path dir = Files.createTempDirectory("claims");
    for (int size : new int[] {small, large}) {
      try (Stores h2 = Stores.h2(dir.resolve("h2-" + size))) {
        report("H2", size, h2, h2.database().dataSource());
      }
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      for (int size : new int[] {small, large}) {
        try (HikariDataSource pool = pool(pg, "claims" + size); Stores stores = Stores.postgres(pool)) {
          report("PostgreSQL", size, stores, pool);
        }
      }
    }
  }

  private static HikariDataSource pool(EmbeddedPostgres pg, String database) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.getJdbcUrl("postgres", database));
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static void report(String database, int size, Stores stores, DataSource ds) throws SQLException {
    insert(ds, size);
    double oldShape = medianMs(() -> oldClaim(ds));
    double now = medianMs(() -> {
      if (stores.jobs().claim("bench", 1, Duration.ofMinutes(5)).size() != 1) {
        throw new IllegalStateException("no job claimed");
      }
    });
    System.out.printf(Locale.ROOT, "%-11s %9d %16.3f %16.3f%n", database, size, now, oldShape);
  }

  @FunctionalInterface
  private interface Claim {
    void run() throws SQLException;
  }

  private static double medianMs(Claim claim) throws SQLException {
    for (int i = 0; i < 10; i++) {
      claim.run(); // warm-up
    }
    long[] nanos = new long[CLAIMS];
    for (int i = 0; i < CLAIMS; i++) {
      long start = System.nanoTime();
      claim.run();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos[CLAIMS / 2] / 1e6;
  }

  /** The old single-read claim, rolled back so the backlog stays as it was. */
  private static void oldClaim(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(OLD_CLAIM)) {
        long now = System.currentTimeMillis();
        ps.setLong(1, now);
        ps.setLong(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no job found");
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  private static void insert(DataSource ds, int size) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO connector_jobs "
        + "(job_id, tenant, instance_id, operation, request, state, attempts, max_attempts, created_at, updated_at, "
        + "run_after, cancel_requested, history) VALUES (?, 't', 'i', 'op', '{}', 'pending', 0, 3, 0, 0, ?, FALSE, "
        + "'[]')")) {
      c.setAutoCommit(false);
      for (int i = 0; i < size; i++) {
        ps.setString(1, "j" + i);
        ps.setLong(2, i);
        ps.addBatch();
        if (i % 1000 == 999) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      c.commit();
    }
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE" + (c.getMetaData().getDatabaseProductName().contains("H2") ? "" : " connector_jobs"));
    }
  }
}
