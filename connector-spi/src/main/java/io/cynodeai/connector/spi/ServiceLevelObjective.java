package io.cynodeai.connector.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The service level a connector type promises (§10.2), evaluated by the engine over a rolling window.
 *
 * @param availability the target share of eligible calls that succeed, in (0, 1) — e.g. {@code 0.995}
 * @param p95Latency the target 95th percentile latency of calls
 * @param window the rolling window the SLIs are measured over (1 minute to 24 hours)
 */
public record ServiceLevelObjective(double availability, Duration p95Latency, Duration window) {
  public ServiceLevelObjective {
    Objects.requireNonNull(p95Latency, "p95Latency");
    Objects.requireNonNull(window, "window");
    if (!(availability > 0 && availability < 1)) {
      throw new IllegalArgumentException("availability must be in (0, 1), e.g. 0.995");
    }
    if (p95Latency.isNegative() || p95Latency.isZero()) {
      throw new IllegalArgumentException("p95Latency must be positive");
    }
    if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("window must be between 1 minute and 24 hours");
    }
  }

  /** An objective over a one-hour window. */
  public static ServiceLevelObjective of(double availability, Duration p95Latency) {
    return new ServiceLevelObjective(availability, p95Latency, Duration.ofHours(1));
  }
}
