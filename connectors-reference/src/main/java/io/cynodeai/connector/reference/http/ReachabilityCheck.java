package io.cynodeai.connector.reference.http;

import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.HealthResult;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/**
 * Checks that the base URL answers: a {@code HEAD} of it, healthy unless the server reports that it is
 * failing (500, 502, 503, 504...). A 404, 405 or 501 still proves the server is there, since an API need
 * not serve its base URL or implement HEAD. Credentials are not checked, since none are sent. A network
 * failure propagates, and the engine counts it as unhealthy. Stateless and thread-safe.
 */
final class ReachabilityCheck implements HealthCheck {

  @Override
  public HealthResult check(ConnectorContext context) throws IOException, InterruptedException {
    HttpConfig config = HttpConfig.from(context.config());
    HttpResponse<Void> response = context.network().httpClient()
        .send(RequestFactory.probe(config, RequestFactory.timeout(config, context)), BodyHandlers.discarding());
    int status = response.statusCode();
    String detail = "the base URL answered HTTP " + status;
    return status >= 500 && status != 501 ? HealthResult.unhealthy(detail) : new HealthResult.Healthy(detail);
  }
}
