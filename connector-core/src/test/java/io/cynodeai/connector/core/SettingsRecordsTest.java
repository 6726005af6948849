package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's settings records refuse bad values at once, and changes to them compose. */
class SettingsRecordsTest {

  @Test
  void badLimitsAreRefusedNamingTheValue() {
    EngineLimits limits = EngineLimits.defaults();
    assertThatThrownBy(() -> limits.withSyncTimeoutCap(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("syncTimeoutCap must be positive");
    assertThatThrownBy(() -> limits.withMaxResponseBytes(0)).hasMessage("maxResponseBytes must be positive");
    assertThatThrownBy(() -> limits.withRetryCap(-1, 0.2, 10)).hasMessage("retry cap values must be >= 0");
    assertThatThrownBy(() -> limits.withCircuitBreaker(0, Duration.ofSeconds(1)))
        .hasMessage("failureThreshold must be >= 1");
    assertThatThrownBy(() -> limits.withGlobalConcurrency(0)).hasMessage("globalConcurrency must be >= 1");
    assertThatThrownBy(() -> limits.withHealthCheckTimeout(Duration.ofSeconds(-1)))
        .hasMessage("healthCheckTimeout must be positive");
  }

  @Test
  void badJobAndIdempotencySettingsAreRefused() {
    JobSettings jobs = JobSettings.defaults();
    assertThatThrownBy(() -> jobs.withWorkers("n", -2, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be >= 0, or JobSettings.AUTOMATIC");
    assertThatThrownBy(() -> jobs.withRetries(0, Duration.ofSeconds(1), 10))
        .hasMessage("maxAttempts and maxResultBytes must be >= 1");
    assertThatThrownBy(() -> jobs.withPollInterval(Duration.ZERO)).hasMessage("jobPollInterval must be positive");
    assertThatThrownBy(() -> IdempotencySettings.defaults().withLockSlack(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("lockSlack must be >= 0");
    assertThat(IdempotencySettings.defaults().withLockSlack(Duration.ZERO).lockSlack()).isZero();
  }

  @Test
  void eachChangeStartsFromTheSettingsLeftByTheOnesBefore() {
    JobSettings first = JobSettings.defaults().withPollInterval(Duration.ofMillis(5));
    JobSettings both = first.withWorkers("node-a", 2, Duration.ofSeconds(3));
    assertThat(both.pollInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(both.workers()).isEqualTo(2);
    assertThat(JobSettings.defaults().workers()).isEqualTo(JobSettings.AUTOMATIC);

    EngineBuilder builder = ConnectorEngines.builder();
    assertThatThrownBy(() -> builder.limits(l -> null)).isInstanceOf(NullPointerException.class)
        .hasMessage("limits");
    assertThat(builder.limits(l -> l.withMaxResponseBytes(10)).limits(l -> {
      assertThat(l.maxResponseBytes()).as("the earlier change is kept").isEqualTo(10);
      return l.withGlobalConcurrency(2);
    })).isSameAs(builder);
  }
}
