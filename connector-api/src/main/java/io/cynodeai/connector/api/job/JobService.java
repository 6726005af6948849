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

  /** The job, if it exists in the caller's tenant. */
  Optional<Job> get(String jobId, Caller caller);

  /** Cancels a job: a pending one at once; a running one cooperatively (its handler is interrupted). */
  CancelResult cancel(String jobId, Caller caller);

  /** Dead-lettered jobs of the caller's tenant, newest first, with their whole attempt history. */
  List<Job> deadLetters(Caller caller, int limit);

  /** Moves a dead-lettered job back to pending with its attempts reset; false if it is not a dead letter. */
  boolean requeue(String jobId, Caller caller);

  /** Deletes a dead-lettered job for good; false if it is not a dead letter. */
  boolean purge(String jobId, Caller caller);

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

  /** What a cancel came to. */
  enum CancelResult {
    /** The job was pending and is now canceled. */
    CANCELED,
    /** The job is running; its worker was asked to stop and will mark it canceled. */
    CANCEL_REQUESTED,
    /** The job had already finished; nothing changed. */
    ALREADY_FINISHED,
    /** No such job in the caller's tenant. */
    UNKNOWN_JOB
  }
}
