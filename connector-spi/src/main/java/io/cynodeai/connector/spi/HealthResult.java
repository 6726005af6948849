package io.cynodeai.connector.spi;

import java.util.Objects;

/** What a health check found. */
public sealed interface HealthResult {

  /** The provider is reachable and accepts the credentials. */
  record Healthy(String detail) implements HealthResult {
    public Healthy {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The provider is unreachable or failing. */
  record Unhealthy(String reason) implements HealthResult {
    public Unhealthy {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The provider rejected the credentials. */
  record CredentialsRejected(String reason) implements HealthResult {
    public CredentialsRejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static HealthResult healthy() {
    return new Healthy("ok");
  }

  static HealthResult unhealthy(String reason) {
    return new Unhealthy(reason);
  }

  static HealthResult credentialsRejected(String reason) {
    return new CredentialsRejected(reason);
  }
}
