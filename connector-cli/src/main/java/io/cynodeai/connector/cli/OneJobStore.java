package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.job.NewJob;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.core.store.jdbc.JdbcJobStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state directory's job store as {@code jobs get ID --wait} sees it: the engine's workers can claim the one
 * job asked about and no other, so waiting for a job never runs, interrupts or dead-letters another. Everything
 * else is the store's own. Thread-safe as the store is.
 */
final class OneJobStore implements JobStore {
  private final JdbcJobStore store;
  private final String jobId;

  OneJobStore(JdbcJobStore store, String jobId) {
    this.store = Objects.requireNonNull(store, "store");
    this.jobId = Objects.requireNonNull(jobId, "jobId");
  }

  @Override
  public List<Job> claim(String node, int max, Duration lease) {
    return max <= 0 ? List.of() : store.claim(jobId, node, lease).map(List::of).orElse(List.of());
  }

  @Override
  public Job submit(NewJob job) {
    return store.submit(job);
  }

  @Override
  public Optional<Job> find(String id) {
    return store.find(id);
  }

  @Override
  public Optional<Boolean> renew(String id, String node, Duration lease) {
    return store.renew(id, node, lease);
  }

  @Override
  public boolean finish(String id, String node, JobState next, @Nullable Outcome outcome, JobAttempt attempt,
      Duration retryDelay) {
    return store.finish(id, node, next, outcome, attempt, retryDelay);
  }

  @Override
  public Optional<Job> cancel(String id) {
    return store.cancel(id);
  }

  @Override
  public List<Job> deadLetters(String tenant, int limit) {
    return store.deadLetters(tenant, limit);
  }

  @Override
  public boolean requeue(String id) {
    return store.requeue(id);
  }

  @Override
  public boolean purge(String id) {
    return store.purge(id);
  }

  @Override
  public Map<JobState, Integer> countByState() {
    return store.countByState();
  }
}
