package io.cynodeai.connector.core.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.job.NewJob;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.internal.codec.OutcomeCodec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps jobs in table {@code connector_jobs}; the dead-letter store is its rows with {@code
 * dead_lettered_at} set. Workers claim with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2
 * both), so concurrent claimers on any number of nodes never block on or double-claim a row; every lease and
 * delay is on the database's clock. Only the lease holder can finish an attempt. Thread-safe.
 */
public final class JdbcJobStore implements JobStore {
  private static final String NOW = JdbcDatabase.NOW_MS;
  private static final String COLUMNS = "job_id, tenant, instance_id, operation, idem_key, request, state, "
      + "attempts, max_attempts, created_at, updated_at, started_at, finished_at, lease_owner, cancel_requested, "
      + "outcome, history, dead_lettered_at";
  /**
   * What makes a job claimable, checked again by the claiming update itself: a candidate read may be a version
   * another worker has claimed (and committed) since, which must not be claimed twice.
   */
  private static final String CLAIMABLE = "((state = 'pending' AND run_after <= " + NOW + ") OR (state = 'running' "
      + "AND lease_until <= " + NOW + "))";
  /** How many more candidates than wanted an H2 claim considers, for those other workers have locked. */
  private static final int CLAIM_SLACK = 16;
  private static final TypeReference<List<JobAttempt>> HISTORY = new TypeReference<>() {};

  private final JdbcDatabase db;

  public JdbcJobStore(JdbcDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Job submit(NewJob job) {
    return db.withConnection("submitting a job", c -> {
      try {
        JdbcDatabase.update(c, "INSERT INTO connector_jobs (job_id, tenant, instance_id, operation, idem_key, "
            + "request, state, attempts, max_attempts, created_at, updated_at, run_after, cancel_requested, history) "
            + "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, " + NOW + ", " + NOW + ", " + NOW + ", FALSE, '[]')",
            job.jobId(), job.tenant(), job.instanceId(), job.operation(), job.idempotencyKey(),
            JsonDocuments.write(job.request()), job.maxAttempts());
        return Objects.requireNonNull(find(c, job.jobId()));
      } catch (SQLException e) {
        if (job.idempotencyKey() == null || !JdbcDatabase.isDuplicateKey(e)) {
          throw e;
        }
        Job existing = JdbcDatabase.queryOne(c, "SELECT " + COLUMNS + " FROM connector_jobs WHERE tenant = ? AND "
            + "instance_id = ? AND operation = ? AND idem_key = ?", JdbcJobStore::read, job.tenant(),
            job.instanceId(), job.operation(), job.idempotencyKey());
        if (existing == null) {
          throw e;
        }
        return existing;
      }
    });
  }

  @Override
  public Optional<Job> find(String jobId) {
    return Optional.ofNullable(db.withConnection("finding a job", c -> find(c, jobId)));
  }

  private static @Nullable Job find(Connection c, String jobId) throws SQLException {
    return JdbcDatabase.queryOne(c, "SELECT " + COLUMNS + " FROM connector_jobs WHERE job_id = ?",
        JdbcJobStore::read, jobId);
  }

  @Override
  public List<Job> claim(String node, int max, Duration lease) {
    if (max <= 0) {
      return List.of();
    }
    return claim(node, max, lease, null);
  }

  /**
   * Claims job {@code jobId} alone for {@code node}, as {@link #claim(String, int, Duration)} would claim it (pending
   * and due, or running with an expired lease), leaving every other job as it is: for a process that runs one
   * job it was asked about. Empty when that job is not claimable now.
   */
  public Optional<Job> claim(String jobId, String node, Duration lease) {
    Objects.requireNonNull(jobId, "jobId");
    return claim(node, 1, lease, jobId).stream().findFirst();
  }

  private List<Job> claim(String node, int max, Duration lease, @Nullable String onlyJobId) {
    return db.inTransaction("claiming jobs", c -> {
      List<Job> candidates;
      if (onlyJobId != null) { // one job by its primary key, whatever its state condition
        candidates = JdbcDatabase.query(c, "SELECT " + COLUMNS + " FROM connector_jobs WHERE job_id = ? AND "
            + "((state = 'pending' AND run_after <= " + NOW + ") OR (state = 'running' AND lease_until <= " + NOW
            + ")) FOR UPDATE SKIP LOCKED", JdbcJobStore::read, onlyJobId);
      } else {
        // Two top-N reads that each follow one index, rather than one read over "pending OR expired lease",
        // which no index serves (a scan and sort that grows with the backlog): jobs of dead nodes first.
        candidates = new ArrayList<>(JdbcDatabase.query(c, claimable("state = 'running' AND lease_until <= "
            + NOW, "state, lease_until", max), JdbcJobStore::read));
        if (candidates.size() < max && db.dialect() == JdbcDatabase.Dialect.POSTGRESQL) {
          // pending jobs need no history entry: they are locked, claimed and read back in one statement; the
          // locked ids are materialized once (a subquery under IN could be run again and lock more rows)
          List<Job> claimed = new ArrayList<>(claimExpired(c, node, lease, candidates));
          claimed.addAll(JdbcDatabase.query(c, "WITH picked AS MATERIALIZED (SELECT job_id FROM connector_jobs "
              + "WHERE state = 'pending' AND run_after <= " + NOW + " ORDER BY state, run_after FETCH FIRST "
              + (max - candidates.size()) + " ROWS ONLY FOR UPDATE SKIP LOCKED) UPDATE connector_jobs j SET state = "
              + "'running', attempts = j.attempts + 1, lease_owner = ?, lease_until = " + NOW + " + ?, updated_at = "
              + NOW + ", started_at = COALESCE(j.started_at, " + NOW + ") FROM picked WHERE j.job_id = picked.job_id "
              + "AND j.state = 'pending' RETURNING " + prefixed("j."), JdbcJobStore::read, node, lease.toMillis()));
          return claimed;
        }
        if (candidates.size() < max) {
          candidates.addAll(JdbcDatabase.query(c, claimable("state = 'pending' AND run_after <= " + NOW,
              "state, run_after", max - candidates.size()), JdbcJobStore::read));
        }
      }
      return claimExpired(c, node, lease, candidates);
    });
  }

  /** {@link #COLUMNS}, each qualified with {@code alias}. */
  private static String prefixed(String alias) {
    return alias + COLUMNS.replace(", ", ", " + alias);
  }

  /** Claims each candidate read (and locked) before, if it is still claimable; a run-out lease is recorded. */
  private List<Job> claimExpired(Connection c, String node, Duration lease, List<Job> candidates)
      throws SQLException {
    List<Job> claimed = new ArrayList<>();
    for (Job j : candidates) {
      List<JobAttempt> history = new ArrayList<>(j.history());
      if (j.state() == JobState.RUNNING) {
        history.add(new JobAttempt(j.attempts(), String.valueOf(j.leaseOwner()), now(c), "lease_expired", null,
            "the node stopped without finishing; its lease ran out"));
      }
      int rows = JdbcDatabase.update(c, "UPDATE connector_jobs SET state = 'running', attempts = attempts + 1, "
          + "lease_owner = ?, lease_until = " + NOW + " + ?, updated_at = " + NOW + ", started_at = COALESCE("
          + "started_at, " + NOW + "), history = ? WHERE job_id = ? AND state = ? AND attempts = ? AND "
          + CLAIMABLE, node, lease.toMillis(), JsonDocuments.write(history), j.jobId(), j.state().wireName(),
          j.attempts());
      if (rows == 1) {
        claimed.add(Objects.requireNonNull(find(c, j.jobId())));
      }
    }
    return claimed;
  }

  /**
   * The first {@code max} unlocked jobs matching {@code where} in {@code order} (an index's columns), locked.
   * PostgreSQL stops at them in the index. H2 reads every matching row of a {@code FOR UPDATE} query, so there
   * the candidates are picked first by an index-sorted subquery (a few more than needed, as other workers may
   * hold some), then read by primary key in due order (by the order's last column, which keeps H2 off the index
   * it would scan) and locked.
   */
  String claimable(String where, String order, int max) {
    if (db.dialect() == JdbcDatabase.Dialect.POSTGRESQL) {
      return "SELECT " + COLUMNS + " FROM connector_jobs WHERE " + where + " ORDER BY " + order + " FETCH FIRST "
          + max + " ROWS ONLY FOR UPDATE SKIP LOCKED";
    }
    return "SELECT " + COLUMNS + " FROM connector_jobs WHERE job_id IN (SELECT job_id FROM connector_jobs WHERE "
        + where + " ORDER BY " + order + " FETCH FIRST " + (max + CLAIM_SLACK) + " ROWS ONLY) ORDER BY "
        + order.substring(order.lastIndexOf(' ') + 1) + " FETCH FIRST " + max
        + " ROWS ONLY FOR UPDATE SKIP LOCKED";
  }

  @Override
  public Optional<Boolean> renew(String jobId, String node, Duration lease) {
    return db.withConnection("renewing a job lease", c -> {
      int rows = JdbcDatabase.update(c, "UPDATE connector_jobs SET lease_until = " + NOW + " + ? WHERE job_id = ? "
          + "AND state = 'running' AND lease_owner = ?", lease.toMillis(), jobId, node);
      if (rows == 0) {
        return Optional.<Boolean>empty();
      }
      return Optional.ofNullable(JdbcDatabase.queryOne(c, "SELECT cancel_requested FROM connector_jobs WHERE "
          + "job_id = ?", rs -> rs.getBoolean(1), jobId));
    });
  }

  @Override
  public boolean finish(String jobId, String node, JobState next, @Nullable Outcome outcome, JobAttempt attempt,
      Duration retryDelay) {
    return db.inTransaction("finishing a job attempt", c -> {
      String history = JdbcDatabase.queryOne(c, "SELECT history FROM connector_jobs WHERE job_id = ? AND state = "
          + "'running' AND lease_owner = ? FOR UPDATE", rs -> rs.getString(1), jobId, node);
      if (history == null) {
        return false;
      }
      List<JobAttempt> attempts = new ArrayList<>(history(history));
      attempts.add(attempt);
      boolean terminal = next.terminal();
      JdbcDatabase.update(c, "UPDATE connector_jobs SET state = ?, lease_owner = NULL, lease_until = NULL, "
          + "updated_at = " + NOW + ", run_after = " + NOW + " + ?, finished_at = "
          + (terminal ? NOW : "NULL") + ", outcome = ?, history = ?, dead_lettered_at = "
          + (next == JobState.FAILED ? NOW : "NULL") + " WHERE job_id = ?", next.wireName(), retryDelay.toMillis(),
          outcome == null ? null : OutcomeCodec.write(outcome), JsonDocuments.write(attempts), jobId);
      return true;
    });
  }

  @Override
  public Optional<Job> cancel(String jobId) {
    return Optional.ofNullable(db.withConnection("canceling a job", c -> {
      JdbcDatabase.update(c, "UPDATE connector_jobs SET state = 'canceled', finished_at = " + NOW + ", updated_at = "
          + NOW + " WHERE job_id = ? AND state = 'pending'", jobId);
      JdbcDatabase.update(c, "UPDATE connector_jobs SET cancel_requested = TRUE, updated_at = " + NOW
          + " WHERE job_id = ? AND state = 'running'", jobId);
      return find(c, jobId);
    }));
  }

  @Override
  public List<Job> deadLetters(String tenant, int limit) {
    return db.withConnection("listing dead letters", c -> JdbcDatabase.query(c, "SELECT " + COLUMNS + " FROM "
        + "connector_jobs WHERE tenant = ? AND dead_lettered_at IS NOT NULL ORDER BY dead_lettered_at DESC "
        + "FETCH FIRST " + Math.max(0, limit) + " ROWS ONLY", JdbcJobStore::read, tenant));
  }

  @Override
  public boolean requeue(String jobId) {
    return db.withConnection("requeuing a dead letter", c -> JdbcDatabase.update(c, "UPDATE connector_jobs SET "
        + "state = 'pending', attempts = 0, dead_lettered_at = NULL, finished_at = NULL, outcome = NULL, "
        + "cancel_requested = FALSE, run_after = " + NOW + ", updated_at = " + NOW + " WHERE job_id = ? AND "
        + "dead_lettered_at IS NOT NULL", jobId) == 1);
  }

  @Override
  public boolean purge(String jobId) {
    return db.withConnection("purging a dead letter", c -> JdbcDatabase.update(c, "DELETE FROM connector_jobs "
        + "WHERE job_id = ? AND dead_lettered_at IS NOT NULL", jobId) == 1);
  }

  @Override
  public Map<JobState, Integer> countByState() {
    return db.withConnection("counting jobs", c -> {
      Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
      for (JobState s : JobState.values()) {
        counts.put(s, 0);
      }
      JdbcDatabase.query(c, "SELECT state, COUNT(*) FROM connector_jobs GROUP BY state",
          rs -> counts.put(JobState.fromWire(rs.getString(1)), rs.getInt(2)));
      return counts;
    });
  }

  private static Instant now(Connection c) throws SQLException {
    Long ms = JdbcDatabase.queryOne(c, "SELECT " + NOW, rs -> rs.getLong(1));
    return Instant.ofEpochMilli(Objects.requireNonNull(ms));
  }

  private static Job read(ResultSet rs) throws SQLException {
    try {
      String outcome = rs.getString(16);
      return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
          JsonDocuments.MAPPER.readTree(rs.getString(6)), JobState.fromWire(rs.getString(7)), rs.getInt(8),
          rs.getInt(9), instant(rs, 10), instant(rs, 11), nullableInstant(rs, 12), nullableInstant(rs, 13),
          rs.getString(14), rs.getBoolean(15), outcome == null ? null : OutcomeCodec.read(outcome),
          history(rs.getString(17)), nullableInstant(rs, 18));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StoreException("stored job is not readable", e);
    }
  }

  private static List<JobAttempt> history(String json) {
    try {
      return JsonDocuments.MAPPER.readValue(json, HISTORY);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StoreException("stored job history is not readable", e);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return Instant.ofEpochMilli(rs.getLong(column));
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }
}
