package io.cynodeai.connector.api.job;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job's state transition, as a {@link JobListener} sees it.
 *
 * @param from the state before, null for a new job
 * @param node the engine node that made the transition
 */
public record JobEvent(String jobId, String instanceId, String operation, @Nullable JobState from, JobState to,
    int attempt, Instant at, String node) {
  public JobEvent {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }
}
