package io.cynodeai.connector.api.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A job to create: what {@link io.cynodeai.connector.api.store.JobStore#submit} stores as pending. */
public record NewJob(String jobId, String tenant, String instanceId, String operation,
    @Nullable String idempotencyKey, JsonNode request, int maxAttempts) {
  public NewJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(request, "request");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
  }
}
