package io.cynodeai.connector.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The same durable work as {@link DurableThroughputBenchmark} done by hand with plain JDBC, for a ratio in the
 * same run. A keyed call: {@code INSERT} an idempotency row (the claim), run the no-op, {@code UPDATE} the row
 * with the result. A job: {@code INSERT} it; workers claim up to {@code batch} due jobs in one statement
 * ({@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING}), run each and
 * complete it with one {@code UPDATE ... RETURNING} guarded by the lease owner. No audit, no policy, no
 * validation, no history: the floor the engine's round trips are measured against. Each "node" is its own pool.
 */
final class BareJdbcBaseline {
  private static final String RESULT = "{\"ok\":true}";
  private static final AtomicLong RUNS = new AtomicLong();

  private BareJdbcBaseline() {}

  /** One node's pool on the shared database. */
  static HikariDataSource pool(DataSource raw, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(raw);
    config.setMaximumPoolSize(size);
    config.setPoolName("bare-" + name);
    return new HikariDataSource(config);
  }

  static void createTables(DataSource db) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE bare_idempotency (instance_id TEXT NOT NULL, idem_key TEXT NOT NULL, "
          + "outcome TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (instance_id, idem_key))");
      s.execute("CREATE TABLE bare_jobs (id BIGSERIAL PRIMARY KEY, instance_id TEXT NOT NULL, "
          + "idem_key TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, run_after TIMESTAMPTZ NOT NULL, "
          + "lease_owner TEXT, lease_until TIMESTAMPTZ, outcome TEXT, UNIQUE (instance_id, idem_key))");
      s.execute("CREATE INDEX bare_jobs_ready ON bare_jobs (run_after) WHERE state = 'pending'");
    }
  }

  /** Keyed calls, fresh key each, spread over the pools and {@code instances} instance ids. Calls/s. */
  static double keyed(List<? extends DataSource> pools, int threads, int calls, int instances, String prefix)
      throws Exception {
    long runs = RUNS.get();
    double rate = parallel(pools, threads, calls, (db, i) -> {
      String instance = "c-" + (1 + i % instances);
      String key = prefix + "-" + i;
      try (Connection c = db.getConnection()) {
        try (PreparedStatement claim = c.prepareStatement("INSERT INTO bare_idempotency (instance_id, idem_key) "
            + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
          claim.setString(1, instance);
          claim.setString(2, key);
          if (claim.executeUpdate() != 1) {
            throw new IllegalStateException("key " + key + " was not fresh");
          }
        }
        RUNS.incrementAndGet();
        try (PreparedStatement done = c.prepareStatement("UPDATE bare_idempotency SET outcome = ? "
            + "WHERE instance_id = ? AND idem_key = ?")) {
          done.setString(1, RESULT);
          done.setString(2, instance);
          done.setString(3, key);
          done.executeUpdate();
        }
      }
    });
    check(RUNS.get() - runs == calls, "bare keyed ran " + (RUNS.get() - runs) + " times");
    return rate;
  }

  /**
   * Submits {@code jobs} jobs over the pools, while {@code workers} workers per pool claim them in batches of
   * {@code batch}; returns {submits/s, jobs/s from the first submit until every job is terminal}.
   */
  static double[] jobs(List<? extends DataSource> pools, int threads, int jobs, int instances, int workers,
      int batch, String prefix) throws Exception {
    long runs = RUNS.get();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger done = new AtomicInteger();
    ExecutorService workerPool = Executors.newFixedThreadPool(workers * pools.size());
    List<Future<?>> loops = new ArrayList<>();
    for (int p = 0; p < pools.size(); p++) {
      DataSource db = pools.get(p);
      String node = "bare-node-" + p;
      for (int w = 0; w < workers; w++) {
        loops.add(workerPool.submit(() -> {
          work(db, node, batch, stop, done);
          return null;
        }));
      }
    }
    long t0 = System.nanoTime();
    double submitRate = parallel(pools, threads, jobs, (db, i) -> {
      try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO bare_jobs "
          + "(instance_id, idem_key, payload, state, run_after) VALUES (?, ?, ?, 'pending', now())")) {
        s.setString(1, "c-" + (1 + i % instances));
        s.setString(2, prefix + "-" + i);
        s.setString(3, "{\"amount\":1}");
        s.executeUpdate();
      }
    });
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (done.get() < jobs) {
      check(System.nanoTime() < until, "bare jobs did not finish: " + done.get());
      Thread.sleep(2);
    }
    long finished = System.nanoTime() - t0;
    stop.set(true);
    for (Future<?> f : loops) {
      f.get();
    }
    workerPool.shutdown();
    check(RUNS.get() - runs == jobs, "bare jobs ran " + (RUNS.get() - runs) + " times");
    return new double[] {submitRate, jobs / (finished / 1e9)};
  }

  private static void work(DataSource db, String node, int batch, AtomicBoolean stop, AtomicInteger done)
      throws Exception {
    while (!stop.get()) {
      List<Long> claimed = new ArrayList<>();
      try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE bare_jobs SET "
          + "state = 'running', lease_owner = ?, lease_until = now() + interval '30 seconds' WHERE id IN (SELECT id "
          + "FROM bare_jobs WHERE state = 'pending' AND run_after <= now() ORDER BY run_after LIMIT ? "
          + "FOR UPDATE SKIP LOCKED) RETURNING id, payload")) {
        s.setString(1, node);
        s.setInt(2, batch);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            claimed.add(rs.getLong(1));
          }
        }
        for (long id : claimed) {
          RUNS.incrementAndGet();
          try (PreparedStatement fin = c.prepareStatement("UPDATE bare_jobs SET state = 'succeeded', outcome = ?, "
              + "lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? RETURNING id")) {
            fin.setString(1, RESULT);
            fin.setLong(2, id);
            fin.setString(3, node);
            try (ResultSet rs = fin.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("bare job " + id + " lost its lease");
              }
            }
          }
          done.incrementAndGet();
        }
      }
      if (claimed.isEmpty()) {
        Thread.sleep(5);
      }
    }
  }

  interface Op {
    void run(DataSource db, int i) throws Exception;
  }

  /** Runs op 0..n-1 over {@code threads} threads, thread t on pool t % pools; ops/s. */
  private static double parallel(List<? extends DataSource> pools, int threads, int n, Op op) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      DataSource db = pools.get(t % pools.size());
      all.add(callers.submit(() -> {
        go.await();
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          op.run(db, i);
        }
        return null;
      }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    for (Future<?> f : all) {
      f.get();
    }
    long nanos = System.nanoTime() - t0;
    callers.shutdown();
    return n / (nanos / 1e9);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
