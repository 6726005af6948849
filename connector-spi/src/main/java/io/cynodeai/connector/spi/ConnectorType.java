package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A versioned connector type (§3.1): its name, semantic version, operation schema version, versioned config
 * JSON Schema (§3.2), operations and health check. Immutable; build with {@link #builder(String, String)}.
 *
 * <p>The builder records what it is given; the engine validates the whole descriptor when the type is
 * registered and refuses a malformed one with every problem listed (type, version and field named), so a
 * descriptor loaded from elsewhere is held to exactly the same rules.
 */
public final class ConnectorType {
  private final String name;
  private final String version;
  private final String operationSchemaVersion;
  private final String configSchemaVersion;
  private final @Nullable JsonNode configSchema;
  private final String description;
  private final List<OperationDescriptor> operations;
  private final Map<String, OperationDescriptor> operationsByName;
  private final HealthCheck healthCheck;
  private final @Nullable ServiceLevelObjective slo;
  private final @Nullable InteractiveAuthorization interactiveAuthorization;
  private final @Nullable PollingSource polling;
  private final io.cynodeai.connector.spi.webhook.@Nullable WebhookSource webhooks;
  private final List<CredentialKey> credentialKeys;
  private final Map<String, String> auditDetails;

  private ConnectorType(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.operationSchemaVersion = b.operationSchemaVersion;
    this.configSchemaVersion = b.configSchemaVersion;
    this.configSchema = b.configSchema == null ? null : b.configSchema.deepCopy();
    this.description = b.description;
    this.operations = List.copyOf(b.operations);
    Map<String, OperationDescriptor> byName = new LinkedHashMap<>();
    for (OperationDescriptor op : operations) {
      byName.putIfAbsent(op.name(), op);
    }
    this.operationsByName = Collections.unmodifiableMap(byName);
    this.healthCheck = b.healthCheck;
    this.slo = b.slo;
    this.interactiveAuthorization = b.interactiveAuthorization;
    this.polling = b.polling;
    this.webhooks = b.webhooks;
    this.credentialKeys = List.copyOf(b.credentialKeys.values());
    this.auditDetails = Collections.unmodifiableMap(new LinkedHashMap<>(b.auditDetails));
  }

  /**
   * Starts a type declaration.
   *
   * @param name the connector type name ({@code imap}, {@code http})
   * @param version its semantic version ({@code 1.2.0})
   */
  public static Builder builder(String name, String version) {
    return new Builder(name, version);
  }

  /** A builder holding every field of this type, operations included, to declare a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name, version);
    b.operationSchemaVersion = operationSchemaVersion;
    b.configSchemaVersion = configSchemaVersion;
    b.configSchema = configSchema;
    b.description = description;
    b.operations.addAll(operations);
    b.healthCheck = healthCheck;
    b.slo = slo;
    b.interactiveAuthorization = interactiveAuthorization;
    b.polling = polling;
    b.webhooks = webhooks;
    credentialKeys.forEach(k -> b.credentialKeys.put(k.name(), k));
    b.auditDetails.putAll(auditDetails);
    return b;
  }

  public String name() {
    return name;
  }

  /** The semantic version text ({@code connector_type_version}). */
  public String version() {
    return version;
  }

  /** The version of the operation schemas ({@code operation_schema_version}). */
  public String operationSchemaVersion() {
    return operationSchemaVersion;
  }

  /** The version of the config schema. */
  public String configSchemaVersion() {
    return configSchemaVersion;
  }

  /** The config JSON Schema; null only in a descriptor the engine will refuse. */
  public @Nullable JsonNode configSchema() {
    return configSchema;
  }

  public String description() {
    return description;
  }

  /** Every declared operation, in declaration order (duplicates included, so validation can see them). */
  public List<OperationDescriptor> operations() {
    return operations;
  }

  /** The operation with that name (the first, if the descriptor declared duplicates). */
  public Optional<OperationDescriptor> operation(String operationName) {
    return Optional.ofNullable(operationsByName.get(operationName));
  }

  public HealthCheck healthCheck() {
    return healthCheck;
  }

  /** How instances of this type start an interactive authorization, if they support one (§19.7). */
  public Optional<InteractiveAuthorization> interactiveAuthorization() {
    return Optional.ofNullable(interactiveAuthorization);
  }

  /** How instances of this type are polled for inbound events (§11), if they are. */
  public Optional<PollingSource> polling() {
    return Optional.ofNullable(polling);
  }

  /** How instances of this type receive webhooks (§11), if they do. */
  public Optional<io.cynodeai.connector.spi.webhook.WebhookSource> webhooks() {
    return Optional.ofNullable(webhooks);
  }

  /** The type's declared service level objective (§10.2), if any. */
  public java.util.Optional<ServiceLevelObjective> slo() {
    return java.util.Optional.ofNullable(slo);
  }

  /** {@code name@version}, the way messages name a type. */
  /**
   * The secrets the type's connector reads from its instance's credentials, in declaration order; empty for a
   * type that declares none (it may still read credentials: older types say so only in their docs).
   */
  public List<CredentialKey> credentialKeys() {
    return credentialKeys;
  }

  /**
   * Facts the engine writes into the details of every invocation audit event of this type, whatever the
   * outcome: for a host-side wrapper to name how the type runs (a sandbox's weaker isolation). Empty for most
   * types.
   */
  public Map<String, String> auditDetails() {
    return auditDetails;
  }

  public String coordinates() {
    return name + "@" + version;
  }

  @Override
  public String toString() {
    return "ConnectorType[" + coordinates() + "]";
  }

  /** Collects a type's declaration. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String version;
    private String operationSchemaVersion = "1";
    private String configSchemaVersion = "1";
    private @Nullable JsonNode configSchema;
    private String description = "";
    private final List<OperationDescriptor> operations = new ArrayList<>();
    private HealthCheck healthCheck = HealthCheck.alwaysHealthy();
    private @Nullable ServiceLevelObjective slo;
    private @Nullable InteractiveAuthorization interactiveAuthorization;
    private @Nullable PollingSource polling;
    private io.cynodeai.connector.spi.webhook.@Nullable WebhookSource webhooks;
    private final java.util.LinkedHashMap<String, CredentialKey> credentialKeys = new java.util.LinkedHashMap<>();
    private final Map<String, String> auditDetails = new LinkedHashMap<>();

    private Builder(String name, String version) {
      this.name = Objects.requireNonNull(name, "name");
      this.version = Objects.requireNonNull(version, "version");
    }

    public Builder description(String value) {
      this.description = Objects.requireNonNull(value, "description");
      return this;
    }

    public Builder operationSchemaVersion(String value) {
      this.operationSchemaVersion = Objects.requireNonNull(value, "operationSchemaVersion");
      return this;
    }

    /**
     * The config JSON Schema and its version. An instance's config is validated against it at install and
     * update; {@code default} values are not filled in, so {@code ConnectorContext.config()} is the config as
     * given.
     */
    public Builder configSchema(String schemaVersion, JsonNode schema) {
      this.configSchemaVersion = Objects.requireNonNull(schemaVersion, "schemaVersion");
      this.configSchema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    public Builder operation(OperationDescriptor op) {
      operations.add(Objects.requireNonNull(op, "operation"));
      return this;
    }

    public Builder operation(OperationDescriptor.Builder op) {
      return operation(op.build());
    }

    /** Forgets the operations declared so far, for a copy that declares its own. */
    public Builder clearOperations() {
      operations.clear();
      return this;
    }

    public Builder healthCheck(HealthCheck value) {
      this.healthCheck = Objects.requireNonNull(value, "healthCheck");
      return this;
    }

    /** Declares the type's SLOs: availability (e.g. 0.995) and p95 latency, over a one-hour window. */
    public Builder slo(double availability, java.time.Duration p95Latency) {
      return slo(ServiceLevelObjective.of(availability, p95Latency));
    }

    public Builder slo(ServiceLevelObjective value) {
      this.slo = Objects.requireNonNull(value, "slo");
      return this;
    }

    /** Declares that instances may authorize interactively ({@code credentials.mode: oauth} in a spec). */
    public Builder interactiveAuthorization(InteractiveAuthorization value) {
      this.interactiveAuthorization = Objects.requireNonNull(value, "interactiveAuthorization");
      return this;
    }

    /** Declares that instances are polled for inbound events: interval, backoff and the poll (§11). */
    public Builder polling(PollingSource value) {
      this.polling = Objects.requireNonNull(value, "polling");
      return this;
    }

    /** Declares that instances receive webhooks: subscriptions, signature scheme, parsing (§11). */
    public Builder webhooks(io.cynodeai.connector.spi.webhook.WebhookSource value) {
      this.webhooks = Objects.requireNonNull(value, "webhooks");
      return this;
    }

    /**
     * Declares a secret the connector reads from its instance's credentials ({@link CredentialAccess#require}).
     *
     * @throws IllegalArgumentException if the name is not a valid key, or was declared already
     */
    public Builder credentialKey(String name, String description, boolean required) {
      return credentialKey(new CredentialKey(name, description, required));
    }

    /**
     * Declares a secret the connector reads from its instance's credentials.
     *
     * @throws IllegalArgumentException if a key of that name was declared already
     */
    public Builder credentialKey(CredentialKey key) {
      Objects.requireNonNull(key, "key");
      if (credentialKeys.putIfAbsent(key.name(), key) != null) {
        throw new IllegalArgumentException("credential key '" + key.name() + "' is declared twice");
      }
      return this;
    }

    /**
     * Adds a fact to every invocation audit event of this type (see {@link ConnectorType#auditDetails()}). Never
     * a secret: audit events are kept and shown.
     *
     * @throws IllegalArgumentException if the key is not lower snake case (at most 64 characters) or the value is
     *     longer than 1000 characters
     */
    public Builder auditDetail(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!key.matches("[a-z][a-z0-9_]{0,63}")) {
        throw new IllegalArgumentException("audit detail key '" + key + "' is not lower snake case");
      }
      if (value.length() > 1000) {
        throw new IllegalArgumentException("audit detail '" + key + "' is longer than 1000 characters");
      }
      auditDetails.put(key, value);
      return this;
    }

    public ConnectorType build() {
      return new ConnectorType(this);
    }
  }
}
