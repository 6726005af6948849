package io.cynodeai.connector.api.slo;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A connector type's SLIs over its SLO window, against its objectives (§10.2). Eligible calls are those that
 * reached the engine's execution: succeeded, {@code transient} or {@code permanent}; validation errors,
 * policy denials and quota refusals are the caller's and do not count.
 *
 * @param connectorType the type
 * @param window the rolling window measured
 * @param availabilityTarget the objective, e.g. 0.995
 * @param p95LatencyTarget the objective
 * @param eligibleCalls eligible calls in the window
 * @param failedCalls eligible calls that failed
 * @param availability the SLI: succeeded / eligible, or null when there were no eligible calls
 * @param p95Latency the SLI: observed 95th percentile latency, or null when there were no calls
 * @param errorBudgetBurn how fast the error budget is spent: (1 − availability) / (1 − target); 1 spends it
 *     exactly over the window, above 1 exhausts it early, 0 when nothing failed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceLevelStatus(
    String connectorType,
    Duration window,
    double availabilityTarget,
    Duration p95LatencyTarget,
    long eligibleCalls,
    long failedCalls,
    @Nullable Double availability,
    @Nullable Duration p95Latency,
    double errorBudgetBurn) {

  public ServiceLevelStatus {
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(p95LatencyTarget, "p95LatencyTarget");
  }

  /** Whether both objectives are met now (true when there is no traffic). */
  public boolean met() {
    boolean available = availability == null || availability >= availabilityTarget;
    boolean fast = p95Latency == null || p95Latency.compareTo(p95LatencyTarget) <= 0;
    return available && fast;
  }
}
