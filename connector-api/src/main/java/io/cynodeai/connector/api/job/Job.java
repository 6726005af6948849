package io.cynodeai.connector.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An async job as stored (§2.2). Times are the store's clock.
 *
 * @param jobId the id returned at submit
 * @param tenant the submitter's tenant scope; only callers of that tenant see the job
 * @param request the stored request: {@code input}, caller, request ids and the caller's W3C trace context
 *     ({@code traceparent}, {@code tracestate}) when it sent one
 * @param attempts attempts started so far (a reclaimed lease counts as one)
 * @param outcome the result once the job succeeded or failed
 * @param history every finished attempt, oldest first
 * @param deadLetteredAt when the job entered the dead-letter store, if it did
 */
public record Job(
    String jobId,
    String tenant,
    String instanceId,
    String operation,
    @Nullable String idempotencyKey,
    JsonNode request,
    JobState state,
    int attempts,
    int maxAttempts,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String leaseOwner,
    boolean cancelRequested,
    @Nullable Outcome outcome,
    List<JobAttempt> history,
    @Nullable Instant deadLetteredAt) {

  public Job {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    history = List.copyOf(history);
  }

  /** Whether the job is in the dead-letter store. */
  public boolean deadLettered() {
    return deadLetteredAt != null;
  }
}
