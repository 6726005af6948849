package io.cynodeai.connector.spi;

/**
 * Checks that an instance can reach its provider. Called by the engine when an instance is enabled and
 * before it closes an open circuit breaker; on an engine thread, bounded by the engine's health-check
 * timeout. Must be cheap, side-effect free on the provider, and reach the network only through the context.
 * An exception counts as {@link HealthResult.Unhealthy}, worded as an invocation's failure would be: a {@link
 * ProviderException} by its code and message ({@link ProviderException.Kind#AUTH_REJECTED} as {@link
 * HealthResult.CredentialsRejected}), an egress refusal in its cause chain by the guard's message.
 */
@FunctionalInterface
public interface HealthCheck {

  HealthResult check(ConnectorContext context) throws Exception;

  /** A check that always passes, for connectors with nothing to check. */
  static HealthCheck alwaysHealthy() {
    return context -> HealthResult.healthy();
  }
}
