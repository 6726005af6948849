package io.cynodeai.connector.api.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the engine keeps about one connector instance (§4, §19.1): its type and versions, its non-secret
 * configuration, its owner and project, and its runtime status. Immutable; changes make copies.
 *
 * @param id unique instance id (a spec's {@code metadata.name})
 * @param connectorType the connector type name
 * @param connectorTypeVersion the semantic version of the connector type in use
 * @param configSchemaVersion the version of the config schema {@code config} was validated against
 * @param config non-secret configuration, valid against that schema
 * @param owner the owning user or group
 * @param projectId the project the instance belongs to, if any
 * @param status the §4 status
 * @param lastSuccessAt when an operation last succeeded
 * @param lastError the last error seen
 * @param healthCheckedAt when a health check last ran
 * @param rateLimitPolicy the instance's invocation rate limit
 * @param createdAt when the instance was installed
 * @param updatedAt when its desired state last changed
 * @param deletedAt when it was uninstalled (soft delete), if it was
 * @param resourceVersion increases with every change of desired state; used for optimistic concurrency
 * @param concurrencyLimits the instance's concurrency caps and backpressure behaviour (§14); defaults when
 *     null (rows written before the field existed)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConnectorInstance(
    String id,
    String connectorType,
    String connectorTypeVersion,
    String configSchemaVersion,
    JsonNode config,
    OwnerScope owner,
    @Nullable String projectId,
    InstanceStatus status,
    @Nullable Instant lastSuccessAt,
    @Nullable InstanceError lastError,
    @Nullable Instant healthCheckedAt,
    RateLimitPolicy rateLimitPolicy,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant deletedAt,
    long resourceVersion,
    ConcurrencyLimits concurrencyLimits) {

  /** An instance with {@link ConcurrencyLimits#defaults() default concurrency limits}. */
  public ConnectorInstance(String id, String connectorType, String connectorTypeVersion, String configSchemaVersion,
      JsonNode config, OwnerScope owner, @Nullable String projectId, InstanceStatus status,
      @Nullable Instant lastSuccessAt, @Nullable InstanceError lastError, @Nullable Instant healthCheckedAt,
      RateLimitPolicy rateLimitPolicy, Instant createdAt, Instant updatedAt, @Nullable Instant deletedAt,
      long resourceVersion) {
    this(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner, projectId, status,
        lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt, updatedAt, deletedAt, resourceVersion,
        ConcurrencyLimits.defaults());
  }

  public ConnectorInstance {
    if (concurrencyLimits == null) {
      concurrencyLimits = ConcurrencyLimits.defaults();
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(connectorTypeVersion, "connectorTypeVersion");
    Objects.requireNonNull(configSchemaVersion, "configSchemaVersion");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rateLimitPolicy, "rateLimitPolicy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    config = config.deepCopy();
  }

  /** Whether the instance was uninstalled (soft-deleted). */
  public boolean deleted() {
    return deletedAt != null;
  }

  public ConnectorInstance withStatus(InstanceStatus newStatus) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId, newStatus, lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt, updatedAt,
        deletedAt, resourceVersion, concurrencyLimits);
  }

  /** The instance with no {@code last_error}: a passing health check resolved it. */
  public ConnectorInstance withoutLastError() {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId, status, lastSuccessAt, null, healthCheckedAt, rateLimitPolicy, createdAt, updatedAt,
        deletedAt, resourceVersion, concurrencyLimits);
  }

  public ConnectorInstance withConfig(JsonNode newConfig, String newConfigSchemaVersion, Instant at) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, newConfigSchemaVersion, newConfig,
        owner, projectId, status, lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt, at,
        deletedAt, resourceVersion, concurrencyLimits);
  }

  /** The instance moved to another version of its connector type, with the config validated against it. */
  public ConnectorInstance withTypeVersion(String newTypeVersion, String newConfigSchemaVersion, JsonNode newConfig,
      Instant at) {
    return new ConnectorInstance(id, connectorType, newTypeVersion, newConfigSchemaVersion, newConfig, owner,
        projectId, status, lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt, at, deletedAt,
        resourceVersion, concurrencyLimits);
  }

  public ConnectorInstance withRateLimitPolicy(RateLimitPolicy policy, Instant at) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId, status, lastSuccessAt, lastError, healthCheckedAt, policy, createdAt, at, deletedAt,
        resourceVersion, concurrencyLimits);
  }

  public ConnectorInstance withDeletedAt(@Nullable Instant at) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId, status, lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt,
        at == null ? updatedAt : at, at, resourceVersion, concurrencyLimits);
  }

  /** Applies a status-only change (the fields a running engine updates without changing desired state). */
  public ConnectorInstance withStatusUpdate(StatusUpdate update) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId,
        update.status() != null ? update.status() : status,
        update.lastSuccessAt() != null ? update.lastSuccessAt() : lastSuccessAt,
        update.lastError() != null ? update.lastError() : lastError,
        update.healthCheckedAt() != null ? update.healthCheckedAt() : healthCheckedAt,
        rateLimitPolicy, createdAt, updatedAt, deletedAt, resourceVersion, concurrencyLimits);
  }

  public ConnectorInstance withConcurrencyLimits(ConcurrencyLimits limits, Instant at) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId, status, lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt, at, deletedAt,
        resourceVersion, limits);
  }

  public ConnectorInstance withResourceVersion(long version) {
    return new ConnectorInstance(id, connectorType, connectorTypeVersion, configSchemaVersion, config, owner,
        projectId, status, lastSuccessAt, lastError, healthCheckedAt, rateLimitPolicy, createdAt, updatedAt,
        deletedAt, version, concurrencyLimits);
  }
}
