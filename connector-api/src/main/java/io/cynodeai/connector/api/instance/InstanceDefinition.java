package io.cynodeai.connector.api.instance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a host asks to install: an instance id, a connector type (and optionally a pinned version), its
 * configuration, owner, project, rate limit and concurrency limits. Build with {@link #builder(String, String)}.
 */
public record InstanceDefinition(
    String instanceId,
    String connectorType,
    @Nullable String typeVersion,
    JsonNode config,
    OwnerScope owner,
    @Nullable String projectId,
    RateLimitPolicy rateLimitPolicy,
    ConcurrencyLimits concurrencyLimits) {

  /** A definition with {@link ConcurrencyLimits#defaults() default concurrency limits}. */
  public InstanceDefinition(String instanceId, String connectorType, @Nullable String typeVersion, JsonNode config,
      OwnerScope owner, @Nullable String projectId, RateLimitPolicy rateLimitPolicy) {
    this(instanceId, connectorType, typeVersion, config, owner, projectId, rateLimitPolicy,
        ConcurrencyLimits.defaults());
  }

  public InstanceDefinition {
    Objects.requireNonNull(concurrencyLimits, "concurrencyLimits");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(rateLimitPolicy, "rateLimitPolicy");
    if (instanceId.isBlank()) {
      throw new IllegalArgumentException("instanceId must not be blank");
    }
    config = config.deepCopy();
  }

  public static Builder builder(String instanceId, String connectorType) {
    return new Builder(instanceId, connectorType);
  }

  /** Collects the optional parts of a definition. Not thread-safe. */
  public static final class Builder {
    private final String instanceId;
    private final String connectorType;
    private @Nullable String typeVersion;
    private @Nullable JsonNode config;
    private @Nullable OwnerScope owner;
    private @Nullable String projectId;
    private RateLimitPolicy rateLimitPolicy = RateLimitPolicy.unlimited();
    private ConcurrencyLimits concurrencyLimits = ConcurrencyLimits.defaults();

    private Builder(String instanceId, String connectorType) {
      this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
      this.connectorType = Objects.requireNonNull(connectorType, "connectorType");
    }

    /** Pins a version ("1", "1.2" or "1.2.0"); the newest registered version matching it is used. */
    public Builder typeVersion(String version) {
      this.typeVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder config(JsonNode value) {
      this.config = Objects.requireNonNull(value, "config");
      return this;
    }

    public Builder owner(OwnerScope value) {
      this.owner = Objects.requireNonNull(value, "owner");
      return this;
    }

    public Builder projectId(@Nullable String value) {
      this.projectId = value;
      return this;
    }

    public Builder rateLimitPolicy(RateLimitPolicy value) {
      this.rateLimitPolicy = Objects.requireNonNull(value, "rateLimitPolicy");
      return this;
    }

    /** Concurrency caps and backpressure (§14); default {@link ConcurrencyLimits#defaults()}. */
    public Builder concurrencyLimits(ConcurrencyLimits value) {
      this.concurrencyLimits = Objects.requireNonNull(value, "concurrencyLimits");
      return this;
    }

    public InstanceDefinition build() {
      if (config == null) {
        throw new IllegalStateException("config is required");
      }
      if (owner == null) {
        throw new IllegalStateException("owner is required");
      }
      return new InstanceDefinition(instanceId, connectorType, typeVersion, config, owner, projectId,
          rateLimitPolicy, concurrencyLimits);
    }
  }
}
