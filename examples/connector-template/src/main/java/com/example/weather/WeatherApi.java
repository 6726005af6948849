package com.example.weather;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.http.RetryAfter;
import io.cynodeai.connector.spi.http.UrlBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One call to the weather API, through the engine's network access (so its egress rules apply) with the
 * instance's API key, and the provider's answers mapped to the framework's failures:
 *
 * <ul>
 *   <li>401, 403: the key was refused ({@code PERMANENT credentials_rejected});
 *   <li>404: no such station ({@code PERMANENT station_not_found});
 *   <li>429, or 503 with Retry-After: rate limited ({@code QUOTA_EXCEEDED provider_rate_limited}, with the
 *       delay, given in seconds or as an HTTP date);
 *   <li>any other status: transient ({@code TRANSIENT provider_unavailable}), retried by the engine.
 * </ul>
 */
final class WeatherApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConnectorContext ctx;

  WeatherApi(ConnectorContext ctx) {
    this.ctx = ctx;
  }

  /** GETs {@code path} below the base URL, with {@code ?station=} when a station is given. */
  HandlerResult get(@Nullable String station, String... path) throws IOException, InterruptedException {
    URI uri = UrlBuilder.of(ctx.config().get("baseUrl").asText()).path(path).query("station", station).build();
    char[] key = ctx.credentials().require("apiKey");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(ctx.timeLeft(Duration.ofSeconds(10)))
        .header("Accept", "application/json").header("X-Api-Key", new String(key)).GET().build();
    HttpResponse<String> reply = ctx.network().httpClient().send(request,
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int status = reply.statusCode();
    Optional<Duration> retryAfter = RetryAfter.parse(reply.headers().firstValue("Retry-After").orElse(null),
        ctx.clock().instant());
    if (status == 200) {
      return HandlerResult.of(JSON.readTree(reply.body()));
    } else if (status == 401 || status == 403) {
      throw ProviderException.authRejected(status, "the weather API refused the API key");
    } else if (status == 404) {
      throw ProviderException.permanentFailure("station_not_found", "the weather API knows no such station", null);
    } else if (status == 429 || status == 503 && retryAfter.isPresent()) {
      throw ProviderException.rateLimited(status, retryAfter.orElse(null), "the weather API asks to slow down");
    }
    throw ProviderException.transientFailure("provider_unavailable", "the weather API answered " + status, null);
  }
}
