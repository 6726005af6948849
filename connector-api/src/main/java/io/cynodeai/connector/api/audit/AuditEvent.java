package io.cynodeai.connector.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.FailureClass;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One structured audit event with the §10.1 fields. Never carries credential material or request/response
 * payloads. Build with {@link #builder(AuditEventType, Instant)}.
 *
 * @param type what kind of event
 * @param timestamp when it happened
 * @param action the §9.1 action, or the lifecycle verb ({@code install}, {@code enable}, ...)
 * @param outcome {@code succeeded}, or the failure class wire name ({@code policy_denied}, ...)
 * @param details extra non-secret facts (policy reason, status transition, ...)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    AuditEventType type,
    Instant timestamp,
    String action,
    @Nullable String requestId,
    @Nullable String correlationId,
    @Nullable String userId,
    @Nullable String projectId,
    @Nullable String connectorInstanceId,
    @Nullable String connectorType,
    @Nullable String operation,
    @Nullable ExecutionMode executionMode,
    String outcome,
    @Nullable FailureClass failureClass,
    @Nullable String errorCode,
    long durationMs,
    @Nullable Integer providerStatusCode,
    int retryCount,
    @Nullable String policyDecision,
    boolean replay,
    Map<String, String> details) {

  /** The outcome string of a successful event. */
  public static final String SUCCEEDED = "succeeded";

  public AuditEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    details = Map.copyOf(details);
  }

  public static Builder builder(AuditEventType type, Instant timestamp) {
    return new Builder(type, timestamp);
  }

  /** Collects an event's fields. Not thread-safe. */
  public static final class Builder {
    private final AuditEventType type;
    private final Instant timestamp;
    private String action = "";
    private @Nullable String requestId;
    private @Nullable String correlationId;
    private @Nullable String userId;
    private @Nullable String projectId;
    private @Nullable String connectorInstanceId;
    private @Nullable String connectorType;
    private @Nullable String operation;
    private @Nullable ExecutionMode executionMode;
    private String outcome = SUCCEEDED;
    private @Nullable FailureClass failureClass;
    private @Nullable String errorCode;
    private long durationMs;
    private @Nullable Integer providerStatusCode;
    private int retryCount;
    private @Nullable String policyDecision;
    private boolean replay;
    private final Map<String, String> details = new LinkedHashMap<>();

    private Builder(AuditEventType type, Instant timestamp) {
      this.type = Objects.requireNonNull(type, "type");
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    }

    public Builder action(String value) {
      this.action = Objects.requireNonNull(value, "action");
      return this;
    }

    public Builder request(@Nullable String requestIdValue, @Nullable String correlationIdValue) {
      this.requestId = requestIdValue;
      this.correlationId = correlationIdValue;
      return this;
    }

    public Builder caller(@Nullable String userIdValue, @Nullable String projectIdValue) {
      this.userId = userIdValue;
      this.projectId = projectIdValue;
      return this;
    }

    public Builder instance(@Nullable String instanceId, @Nullable String type) {
      this.connectorInstanceId = instanceId;
      this.connectorType = type;
      return this;
    }

    public Builder operation(@Nullable String name, @Nullable ExecutionMode mode) {
      this.operation = name;
      this.executionMode = mode;
      return this;
    }

    /** Marks the event as succeeded. */
    public Builder succeeded() {
      this.outcome = SUCCEEDED;
      this.failureClass = null;
      this.errorCode = null;
      return this;
    }

    /** Marks the event as failed with a class and code. */
    public Builder failed(FailureClass failure, String code) {
      this.outcome = failure.wireName();
      this.failureClass = failure;
      this.errorCode = code;
      return this;
    }

    public Builder durationMs(long value) {
      this.durationMs = value;
      return this;
    }

    public Builder providerStatusCode(@Nullable Integer value) {
      this.providerStatusCode = value;
      return this;
    }

    public Builder retryCount(int value) {
      this.retryCount = value;
      return this;
    }

    public Builder policyDecision(@Nullable String value) {
      this.policyDecision = value;
      return this;
    }

    public Builder replay(boolean value) {
      this.replay = value;
      return this;
    }

    public Builder detail(String key, String value) {
      details.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public AuditEvent build() {
      if (action.isEmpty()) {
        throw new IllegalStateException("action is required");
      }
      return new AuditEvent(type, timestamp, action, requestId, correlationId, userId, projectId,
          connectorInstanceId, connectorType, operation, executionMode, outcome, failureClass, errorCode,
          durationMs, providerStatusCode, retryCount, policyDecision, replay, details);
    }
  }
}
