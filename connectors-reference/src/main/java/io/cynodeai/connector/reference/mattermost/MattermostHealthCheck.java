package io.cynodeai.connector.reference.mattermost;

import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;

/**
 * Checks the server and the token together: {@code GET /api/v4/users/me}, the account the token acts as.
 * Healthy on 200; a 401 means the token was rejected (the instance becomes {@code credential_expired}); any
 * other failure is unhealthy. A network failure propagates and the engine counts it as unhealthy. Stateless
 * and thread-safe.
 */
final class MattermostHealthCheck implements HealthCheck {

  @Override
  public HealthResult check(ConnectorContext context) throws IOException, InterruptedException {
    try {
      MattermostApi.get(context, "/users/me", null);
      return new HealthResult.Healthy("the token is accepted");
    } catch (ProviderException e) {
      return e.kind() == ProviderException.Kind.AUTH_REJECTED
          ? HealthResult.credentialsRejected(e.getMessage())
          : HealthResult.unhealthy(e.getMessage());
    }
  }
}
