package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.InFlightDuplicates;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away in the middle of keyed calls and jobs (issue 3, "Bad input and faults"), on a real
 * PostgreSQL: the engine's connections are killed with {@code pg_terminate_backend} from a second connection
 * and new ones are refused until it comes back. Calls fail clearly as {@code transient}, nothing runs
 * unprotected, and once the database is back no job is lost and none finishes twice; a handler runs again
 * only where the documented at-least-once semantics say it may (its result could not be recorded).
 */
class DatabaseOutageTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private HikariDataSource pool;
  private Outage database;
  private Stores stores;
  private ConnectorEngine engine;

  /** A data source that refuses connections while the database is "down". */
  static final class Outage implements DataSource {
    private final HikariDataSource delegate;
    volatile boolean down;

    Outage(HikariDataSource delegate) {
      this.delegate = delegate;
    }

    /** Refuses new connections and kills every open one of the engine's database. */
    void goDown() {
      down = true;
      try (Connection admin = PostgresDatabases.admin(); Statement s = admin.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + delegate.getPoolName() + "' AND pid <> pg_backend_pid()");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    void comeBack() {
      down = false;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down) {
        throw new SQLTransientConnectionException("the database is unreachable", "08001");
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }

  private ConnectorType type() {
    return ConnectorType.builder("work", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("work").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .maxTimeout(Duration.ofSeconds(1))
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              int run = runs.computeIfAbsent(in.path("id").asText(), k -> new AtomicInteger()).incrementAndGet();
              if (in.path("cut").asBoolean() && run == 1) {
                database.goDown(); // the database goes away while the call is running
              }
              return HandlerResult.of(in);
            }))
        .build();
  }

  @BeforeEach
  void start() {
    pool = PostgresDatabases.newDatabase("outage", 8);
    pool.setConnectionTimeout(1_000);
    database = new Outage(pool);
    stores = Stores.postgres(database);
    engine = ConnectorEngines.builder().register(type()).stores(stores).auditSink(new RecordingAuditSink())
        .policy(PolicyEngine.allowAll()).idempotency(i -> i.withInFlight(InFlightDuplicates.REJECT)
        .withLockSlack(Duration.ZERO)).jobs(j -> j.withWorkers("node-1", 2, Duration.ofSeconds(1))
        .withPollInterval(Duration.ofMillis(10))).build();
    engine.instances().install(InstanceDefinition.builder("w", "work").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable("w", ALICE);
  }

  @AfterEach
  void stop() {
    database.comeBack();
    engine.close();
    stores.close();
    pool.close();
  }

  private static InvocationRequest call(String id, boolean cut) {
    return InvocationRequest.of("w", "work", JsonResources.parse("{\"id\":\"" + id + "\",\"cut\":" + cut + "}"),
        ALICE).withIdempotencyKey("key-" + id);
  }

  private int runsOf(String id) {
    return runs.getOrDefault(id, new AtomicInteger()).get();
  }

  @Test
  void aKeyedCallDuringTheOutageFailsTransientlyWithoutRunningAndRunsOnceWhenTheDatabaseIsBack()
      throws InterruptedException {
    database.goDown();
    Outcome refused = engine.invoke(call("a", false));
    assertThat(refused).isInstanceOf(Failed.class);
    assertThat(((Failed) refused).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(((Failed) refused).code()).isIn("idempotency_store_unavailable", "store_unavailable");
    assertThat(((Failed) refused).retryable()).isTrue();
    assertThat(runsOf("a")).isZero();

    database.comeBack();
    assertThat(untilTheStoreAnswers(call("a", false))).isInstanceOf(Succeeded.class);
    assertThat(engine.invoke(call("a", false))).isInstanceOf(Succeeded.class); // the replay
    assertThat(runsOf("a")).isEqualTo(1);
  }

  @Test
  void aKeyedCallWhoseOutcomeCouldNotBeStoredRunsAgainOnlyAfterItsLockRunsOut() throws Exception {
    Outcome first = engine.invoke(call("b", true));
    assertThat(first).isInstanceOf(Succeeded.class); // it ran; only its record could not be completed
    database.comeBack();

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Outcome next = untilTheStoreAnswers(call("b", true));
    while (next instanceof Failed f && f.code().equals("idempotency_in_flight") && System.nanoTime() < until) {
      assertThat(runsOf("b")).isEqualTo(1); // held until the lock (timeout 1 s + slack 0) runs out
      Thread.sleep(100); // polling with a deadline until the in-flight lock runs out
      next = untilTheStoreAnswers(call("b", true));
    }
    assertThat(next).isInstanceOf(Succeeded.class);
    assertThat(untilTheStoreAnswers(call("b", true))).isInstanceOf(Succeeded.class); // now a replay
    assertThat(runsOf("b")).isEqualTo(2);
  }

  @Test
  void jobsSurviveTheOutageNeitherLostNorFinishedTwice() throws Exception {
    database.goDown();
    JobService.Submission refused = engine.jobs().submit(call("refused", false).withMode(ExecutionMode.ASYNC));
    assertThat(((JobService.Submission.Refused) refused).failure().code()).isEqualTo("store_unavailable");
    assertThat(((JobService.Submission.Refused) refused).failure().failureClass()).isEqualTo(FailureClass.TRANSIENT);
    database.comeBack();

    Map<String, String> jobs = new ConcurrentHashMap<>();
    for (int i = 0; i < 10; i++) {
      jobs.put("j" + i, submit("j" + i, false));
    }
    jobs.put("cut", submit("cut", true)); // its handler takes the database down while the others may run
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (runsOf("cut") == 0 && System.nanoTime() < until) {
      Thread.sleep(5); // polling with a deadline for the handler that takes the database down
    }
    Thread.sleep(300); // the outage lasts a while, so running jobs meet it
    database.comeBack();

    for (Map.Entry<String, String> e : jobs.entrySet()) {
      Job job = awaitTerminal(e.getValue());
      assertThat(job.state()).as(e.getKey()).isEqualTo(JobState.SUCCEEDED);
      // At-least-once: a job that ran while the database was down may run again once its lease runs out,
      // but it finishes exactly once.
      assertThat(runsOf(e.getKey())).as(e.getKey()).isBetween(1, 2);
      assertThat(job.history()).as(e.getKey()).filteredOn(a -> a.outcome().equals("succeeded")).hasSize(1);
    }
    Job cut = engine.jobs().get(jobs.get("cut"), ALICE).orElseThrow();
    assertThat(runsOf("cut")).isEqualTo(2); // its first result could not be stored: the lease ran out, it ran again
    assertThat(cut.attempts()).isEqualTo(2);
    assertThat(cut.history()).extracting(a -> a.outcome()).containsExactly("lease_expired", "succeeded");
    assertThat(runsOf("refused")).isZero();
  }

  private String submit(String id, boolean cut) throws InterruptedException {
    for (int i = 0; ; i++) {
      JobService.Submission s = engine.jobs().submit(call(id, cut).withMode(ExecutionMode.ASYNC));
      if (s instanceof JobService.Submission.Accepted accepted) {
        return accepted.jobId();
      }
      assertThat(((JobService.Submission.Refused) s).failure().code()).isEqualTo("store_unavailable");
      assertThat(i).as("retries of a refused submit").isLessThan(20);
      Thread.sleep(50); // bounded retries while the store recovers
    }
  }

  /**
   * Calls like a client that retries transient failures: just after the database is back the pool may still
   * hand out a connection the outage killed, which fails that call as {@code store_unavailable} (and
   * discards the connection).
   */
  private Outcome untilTheStoreAnswers(InvocationRequest request) throws InterruptedException {
    for (int i = 0; ; i++) {
      Outcome outcome = engine.invoke(request);
      if (!(outcome instanceof Failed f && f.code().endsWith("store_unavailable"))) {
        return outcome;
      }
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(i).as("retries of a store_unavailable call").isLessThan(20);
      Thread.sleep(50); // bounded retries while the store recovers
    }
  }

  private Job awaitTerminal(String jobId) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      Job job;
      try {
        job = engine.jobs().get(jobId, ALICE).orElseThrow();
      } catch (io.cynodeai.connector.api.store.StoreException e) {
        Thread.sleep(50); // a pooled connection the outage killed; the pool discards it
        continue;
      }
      if (job.state().terminal()) {
        return job;
      }
      Thread.sleep(10); // polling the job store with a deadline: it has no change notification
    }
    throw new AssertionError("job " + jobId + " did not finish");
  }
}
