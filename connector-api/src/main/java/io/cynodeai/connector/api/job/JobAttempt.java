package io.cynodeai.connector.api.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at running a job, kept in its history (and so in the dead-letter store).
 *
 * @param attempt 1 for the first attempt
 * @param node the engine node that ran it
 * @param outcome {@code succeeded}, a failure class wire name, {@code canceled}, or {@code lease_expired} when
 *     the node stopped without finishing
 * @param errorCode the failure's code, if it failed
 * @param message the failure's message, if it failed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobAttempt(int attempt, String node, Instant finishedAt, String outcome, @Nullable String errorCode,
    @Nullable String message) {
  public JobAttempt {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
