package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.job.NewJob;
import io.cynodeai.connector.api.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps jobs and dead letters in memory, for one engine; they are lost when the process ends. Every method
 * holds one lock: simple and correct, fast enough for tests and small hosts. Thread-safe.
 */
public final class InMemoryJobStore implements JobStore {
  private final Map<String, Row> jobs = new LinkedHashMap<>();
  private final Clock clock;

  public InMemoryJobStore() {
    this(Clock.systemUTC());
  }

  public InMemoryJobStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Job submit(NewJob job) {
    if (job.idempotencyKey() != null) {
      for (Row r : jobs.values()) {
        if (job.idempotencyKey().equals(r.job.idempotencyKey()) && r.job.tenant().equals(job.tenant())
            && r.job.instanceId().equals(job.instanceId()) && r.job.operation().equals(job.operation())) {
          return r.job;
        }
      }
    }
    Instant now = clock.instant();
    Job created = new Job(job.jobId(), job.tenant(), job.instanceId(), job.operation(), job.idempotencyKey(),
        job.request(), JobState.PENDING, 0, job.maxAttempts(), now, now, null, null, null, false, null, List.of(),
        null);
    jobs.put(job.jobId(), new Row(created, now, null));
    return created;
  }

  @Override
  public synchronized Optional<Job> find(String jobId) {
    return Optional.ofNullable(jobs.get(jobId)).map(r -> r.job);
  }

  @Override
  public synchronized List<Job> claim(String node, int max, Duration lease) {
    Instant now = clock.instant();
    List<Job> claimed = new ArrayList<>();
    for (Row r : jobs.values()) {
      if (claimed.size() >= max) {
        break;
      }
      Job j = r.job;
      boolean ready = j.state() == JobState.PENDING && !r.runAfter.isAfter(now);
      boolean abandoned = j.state() == JobState.RUNNING && r.leaseUntil != null && !r.leaseUntil.isAfter(now);
      if (!ready && !abandoned) {
        continue;
      }
      List<JobAttempt> history = new ArrayList<>(j.history());
      if (abandoned) {
        history.add(new JobAttempt(j.attempts(), Objects.requireNonNull(j.leaseOwner()), now, "lease_expired",
            null, "the node stopped without finishing; its lease ran out"));
      }
      Job running = new Job(j.jobId(), j.tenant(), j.instanceId(), j.operation(), j.idempotencyKey(), j.request(),
          JobState.RUNNING, j.attempts() + 1, j.maxAttempts(), j.createdAt(), now,
          j.startedAt() == null ? now : j.startedAt(), null, node, j.cancelRequested(), null, history, null);
      r.job = running;
      r.leaseUntil = now.plus(lease);
      claimed.add(running);
    }
    return claimed;
  }

  @Override
  public synchronized Optional<Boolean> renew(String jobId, String node, Duration lease) {
    Row r = held(jobId, node);
    if (r == null) {
      return Optional.empty();
    }
    r.leaseUntil = clock.instant().plus(lease);
    return Optional.of(r.job.cancelRequested());
  }

  @Override
  public synchronized boolean finish(String jobId, String node, JobState next, @Nullable Outcome outcome,
      JobAttempt attempt, Duration retryDelay) {
    Row r = held(jobId, node);
    if (r == null) {
      return false;
    }
    Instant now = clock.instant();
    Job j = r.job;
    List<JobAttempt> history = new ArrayList<>(j.history());
    history.add(attempt);
    boolean terminal = next.terminal();
    r.job = new Job(j.jobId(), j.tenant(), j.instanceId(), j.operation(), j.idempotencyKey(), j.request(), next,
        j.attempts(), j.maxAttempts(), j.createdAt(), now, j.startedAt(), terminal ? now : null, null,
        j.cancelRequested(), outcome, history, next == JobState.FAILED ? now : null);
    r.leaseUntil = null;
    r.runAfter = now.plus(retryDelay);
    return true;
  }

  @Override
  public synchronized Optional<Job> cancel(String jobId) {
    Row r = jobs.get(jobId);
    if (r == null) {
      return Optional.empty();
    }
    Job j = r.job;
    Instant now = clock.instant();
    if (j.state() == JobState.PENDING) {
      r.job = copy(j, JobState.CANCELED, false, now, now, j.deadLetteredAt());
    } else if (j.state() == JobState.RUNNING) {
      r.job = copy(j, JobState.RUNNING, true, now, null, null);
    }
    return Optional.of(r.job);
  }

  @Override
  public synchronized List<Job> deadLetters(String tenant, int limit) {
    return jobs.values().stream().map(r -> r.job).filter(j -> j.deadLettered() && j.tenant().equals(tenant))
        .sorted(Comparator.comparing(Job::deadLetteredAt).reversed()).limit(limit).toList();
  }

  @Override
  public synchronized boolean requeue(String jobId) {
    Row r = jobs.get(jobId);
    if (r == null || !r.job.deadLettered()) {
      return false;
    }
    Job j = r.job;
    Instant now = clock.instant();
    r.job = new Job(j.jobId(), j.tenant(), j.instanceId(), j.operation(), j.idempotencyKey(), j.request(),
        JobState.PENDING, 0, j.maxAttempts(), j.createdAt(), now, null, null, null, false, null, j.history(), null);
    r.runAfter = now;
    return true;
  }

  @Override
  public synchronized boolean purge(String jobId) {
    Row r = jobs.get(jobId);
    if (r == null || !r.job.deadLettered()) {
      return false;
    }
    jobs.remove(jobId);
    return true;
  }

  @Override
  public synchronized Map<JobState, Integer> countByState() {
    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0);
    }
    jobs.values().forEach(r -> counts.merge(r.job.state(), 1, Integer::sum));
    return counts;
  }

  private @Nullable Row held(String jobId, String node) {
    Row r = jobs.get(jobId);
    return r != null && r.job.state() == JobState.RUNNING && node.equals(r.job.leaseOwner()) ? r : null;
  }

  private static Job copy(Job j, JobState state, boolean cancel, Instant now, @Nullable Instant finished,
      @Nullable Instant dead) {
    return new Job(j.jobId(), j.tenant(), j.instanceId(), j.operation(), j.idempotencyKey(), j.request(), state,
        j.attempts(), j.maxAttempts(), j.createdAt(), now, j.startedAt(), finished, j.leaseOwner(), cancel,
        j.outcome(), j.history(), dead);
  }

  private static final class Row {
    Job job;
    Instant runAfter;
    @Nullable Instant leaseUntil;

    Row(Job job, Instant runAfter, @Nullable Instant leaseUntil) {
      this.job = job;
      this.runAfter = runAfter;
      this.leaseUntil = leaseUntil;
    }
  }
}
