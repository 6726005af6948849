package io.cynodeai.connector.api.job;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Refusal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Async jobs (§2.2): submit, look up, cancel, and the dead-letter store. Every method sees only the jobs of
 * the caller's tenant (its project, or the user without one); another tenant's job is reported as unknown.
 * Thread-safe.
 */
public interface JobService {

  /**
   * Authorizes and validates the request as {@code ConnectorEngine.invoke} would, then stores a pending job
   * and returns its id at once. A request with an idempotency key that was submitted before (same tenant,
   * instance, operation and key) with the same input returns the first job's id, {@code duplicate=true}, and
   * creates nothing; with a different input it is refused ({@code validation_error} / {@code
   * idempotency_key_reused}), as a synchronous call with that key is.
   */
  Submission submit(InvocationRequest request);

  /**
   * The job, if it exists in the caller's tenant: {@link Lookup.Found}, {@link Lookup.Unknown}, or {@link
   * Lookup.Unavailable} when the job store cannot answer within the engine's store timeout (a database
   * outage); never throws for an outage.
   */
  Lookup get(String jobId, Caller caller);

  /**
   * Cancels a job: a pending one at once; a running one cooperatively (its handler is interrupted). {@link
   * CancelResult#STORE_UNAVAILABLE} when the job store cannot answer (nothing changed, or the change is not
   * known to have been made: cancel again).
   */
  CancelResult cancel(String jobId, Caller caller);

  /**
   * Dead-lettered jobs of the caller's tenant, newest first, with their whole attempt history: {@link
   * DeadLetters.Listed}, or {@link DeadLetters.Unavailable} when the job store cannot answer within the engine's
   * store timeout (a database outage); never throws for an outage.
   */
  DeadLetters deadLetters(Caller caller, int limit);

  /**
   * Moves a dead-lettered job back to pending with its attempts reset: {@link DeadLetterResult#DONE}, {@link
   * DeadLetterResult#NOT_DEAD_LETTER}, {@link DeadLetterResult#UNKNOWN_JOB}, or {@link
   * DeadLetterResult#STORE_UNAVAILABLE} when the job store cannot answer (nothing changed, or the change is not
   * known to have been made: look the job up, or requeue again).
   */
  DeadLetterResult requeue(String jobId, Caller caller);

  /**
   * Deletes a dead-lettered job for good: {@link DeadLetterResult#DONE}, {@link
   * DeadLetterResult#NOT_DEAD_LETTER}, {@link DeadLetterResult#UNKNOWN_JOB}, or {@link
   * DeadLetterResult#STORE_UNAVAILABLE} when the job store cannot answer (purge again).
   */
  DeadLetterResult purge(String jobId, Caller caller);

  /** Adds a listener for job state transitions made by this engine node. */
  void addListener(JobListener listener);

  /** What a submit came to. */
  sealed interface Submission {
    /** The job exists: new, or the earlier one with the same idempotency key. */
    record Accepted(String jobId, boolean duplicate) implements Submission {
      public Accepted {
        Objects.requireNonNull(jobId, "jobId");
      }
    }

    /** Nothing was stored. */
    record Refused(Failed failure) implements Submission, Refusal {
      public Refused {
        Objects.requireNonNull(failure, "failure");
      }
    }
  }

  /** What a lookup came to. */
  sealed interface Lookup {
    /** The job, when it was found; empty when it is unknown or the store could not answer. */
    default Optional<Job> found() {
      return this instanceof Found found ? Optional.of(found.job()) : Optional.empty();
    }

    /** The job exists in the caller's tenant. */
    record Found(Job job) implements Lookup {
      public Found {
        Objects.requireNonNull(job, "job");
      }
    }

    /** No such job in the caller's tenant. */
    record Unknown() implements Lookup {}

    /** The job store could not answer ({@code transient} / {@code store_unavailable}); try again later. */
    record Unavailable(Failed failure) implements Lookup {
      public Unavailable {
        Objects.requireNonNull(failure, "failure");
      }
    }
  }

  /** What a dead-letter listing came to. */
  sealed interface DeadLetters {
    /** The dead letters, when they were listed; empty when the store could not answer. */
    default Optional<List<Job>> listed() {
      return this instanceof Listed listed ? Optional.of(listed.jobs()) : Optional.empty();
    }

    /** The caller's dead-lettered jobs, newest first (possibly none). */
    record Listed(List<Job> jobs) implements DeadLetters {
      public Listed {
        jobs = List.copyOf(Objects.requireNonNull(jobs, "jobs"));
      }
    }

    /** The job store could not answer ({@code transient} / {@code store_unavailable}); try again later. */
    record Unavailable(Failed failure) implements DeadLetters {
      public Unavailable {
        Objects.requireNonNull(failure, "failure");
      }
    }
  }

  /** What a {@link #requeue} or {@link #purge} came to. */
  enum DeadLetterResult {
    /** The job was a dead letter and is now requeued (pending) or purged. */
    DONE,
    /** The job exists in the caller's tenant but is not a dead letter; nothing changed. */
    NOT_DEAD_LETTER,
    /** No such job in the caller's tenant. */
    UNKNOWN_JOB,
    /** The job store could not answer within the engine's store timeout; try again later. */
    STORE_UNAVAILABLE
  }

  /** What a cancel came to. */
  enum CancelResult {
    /** The job was pending and is now canceled. */
    CANCELED,
    /** The job is running; its worker was asked to stop and will mark it canceled. */
    CANCEL_REQUESTED,
    /** The job had already finished; nothing changed. */
    ALREADY_FINISHED,
    /** No such job in the caller's tenant. */
    UNKNOWN_JOB,
    /** The job store could not answer within the engine's store timeout; try again later. */
    STORE_UNAVAILABLE
  }
}
