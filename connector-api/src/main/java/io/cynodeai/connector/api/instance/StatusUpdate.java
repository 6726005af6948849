package io.cynodeai.connector.api.instance;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change to an instance's runtime status fields only; a null field is left unchanged. Status updates do
 * not change {@link ConnectorInstance#resourceVersion()} (like a Kubernetes status subresource), so they
 * never conflict with a change of desired state.
 */
public record StatusUpdate(
    @Nullable InstanceStatus status,
    @Nullable Instant lastSuccessAt,
    @Nullable InstanceError lastError,
    @Nullable Instant healthCheckedAt) {

  public static StatusUpdate succeededAt(Instant at) {
    return new StatusUpdate(null, at, null, null);
  }

  public static StatusUpdate failed(InstanceError error) {
    return new StatusUpdate(null, null, error, null);
  }

  public static StatusUpdate status(InstanceStatus status) {
    return new StatusUpdate(status, null, null, null);
  }

  public StatusUpdate withStatus(@Nullable InstanceStatus newStatus) {
    return new StatusUpdate(newStatus, lastSuccessAt, lastError, healthCheckedAt);
  }

  public StatusUpdate withHealthCheckedAt(@Nullable Instant at) {
    return new StatusUpdate(status, lastSuccessAt, lastError, at);
  }

  public StatusUpdate withLastError(@Nullable InstanceError error) {
    return new StatusUpdate(status, lastSuccessAt, error, healthCheckedAt);
  }
}
