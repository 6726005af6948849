package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.job.NewJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps async jobs and the dead-letter store (§2.2), shared by every engine node using it. Workers claim
 * jobs with a lease; a lease that runs out (its node died) makes the job claimable again. Every time here
 * (leases, retry delays, timestamps) is the store's clock. Called by the engine's submit path and its
 * worker threads; may block on I/O. Thread-safe, and atomic across nodes: a job is claimed by one worker at a
 * time, and only the lease holder can finish an attempt.
 */
public interface JobStore {

  /**
   * Stores a pending job, or returns the existing job when one with the same tenant, instance, operation and
   * non-null idempotency key exists.
   */
  Job submit(NewJob job);

  Optional<Job> find(String jobId);

  /**
   * Claims up to {@code max} jobs for {@code node}: pending jobs whose retry delay has passed, and running
   * jobs whose lease ran out (their last attempt is recorded as {@code lease_expired}). Each claimed job is
   * {@code running}, leased to {@code node} for {@code lease}, with its attempts counted up by one.
   */
  List<Job> claim(String node, int max, Duration lease);

  /**
   * Extends {@code node}'s lease on a running job.
   *
   * @return whether cancel was requested, or empty if {@code node} no longer holds the lease
   */
  Optional<Boolean> renew(String jobId, String node, Duration lease);

  /**
   * Ends the attempt {@code node} holds: back to {@code pending} after {@code retryDelay} to retry, or to a
   * terminal state; a {@code failed} job enters the dead-letter store. Appends {@code attempt} to the history.
   *
   * @return false if {@code node} no longer holds the lease (nothing changed)
   */
  boolean finish(String jobId, String node, JobState next, @Nullable Outcome outcome, JobAttempt attempt,
      Duration retryDelay);

  /** Cancels a pending job, or flags a running one for cooperative cancel; returns the job as it now is. */
  Optional<Job> cancel(String jobId);

  /** Dead-lettered jobs of {@code tenant}, newest first. */
  List<Job> deadLetters(String tenant, int limit);

  /** Moves a dead-lettered job back to pending with attempts reset (its history is kept). */
  boolean requeue(String jobId);

  /** Deletes a dead-lettered job. */
  boolean purge(String jobId);

  /** How many jobs are in each state (for tests, metrics and benchmarks). */
  java.util.Map<JobState, Integer> countByState();
}
