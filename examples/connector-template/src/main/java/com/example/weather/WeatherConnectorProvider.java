package com.example.weather;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;

/**
 * The {@code weather} connector type: what it is called, what it needs (a config with the API's base URL, an
 * API key), and what it offers. Found by the engine through {@code META-INF/services}.
 *
 * <ul>
 *   <li>{@code current}: the current weather at a station, sync or as a job; the station operator's email is
 *       redacted before it reaches a caller;
 *   <li>{@code history}: thirty days of highs and lows, slow on the provider's side, so offered only as a job.
 * </ul>
 */
public final class WeatherConnectorProvider implements ConnectorProvider {
  static final String NAME = "weather";
  static final String VERSION = "0.1.0";

  @Override
  public ConnectorType type() {
    return ConnectorType.builder(NAME, VERSION)
        .description("Current weather and history from a weather API")
        .configSchema("1", schema("config.schema.json"))
        .credentialKey("apiKey", "the weather API key, from the provider's account page", true)
        .operation(OperationDescriptor.builder("current")
            .description("The current weather at a station")
            .modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .requestSchema(schema("station.request.schema.json"))
            .responseSchema(schema("current.response.schema.json"))
            .maxTimeout(Duration.ofSeconds(10))
            .retry(RetryPolicy.exponential(2))
            .redact("/station/operatorEmail")
            .example("seattle", JsonResources.parse("{\"station\":\"KSEA\"}"), JsonResources.parse("""
                {"temperature": 11.5,
                 "station": {"id": "KSEA", "name": "Seattle-Tacoma", "operatorEmail": "ops@example.org"}}"""))
            .handler((ctx, input) -> new WeatherApi(ctx).get(input.get("station").asText(), "v1", "current")))
        .operation(OperationDescriptor.builder("history")
            .description("Thirty days of daily highs and lows at a station")
            .modes(ExecutionMode.ASYNC)
            .requestSchema(schema("station.request.schema.json"))
            .responseSchema(schema("history.response.schema.json"))
            .maxTimeout(Duration.ofMinutes(2))
            .retry(RetryPolicy.exponential(2))
            .example("seattle", JsonResources.parse("{\"station\":\"KSEA\"}"), JsonResources.parse("""
                {"station": "KSEA", "days": [{"date": "2026-11-30", "high": 9.5, "low": 4.0}]}"""))
            .handler((ctx, input) -> new WeatherApi(ctx).get(input.get("station").asText(), "v1", "history")))
        .healthCheck(ctx -> {
          new WeatherApi(ctx).get(null, "v1", "status");
          return HealthResult.healthy();
        })
        .build();
  }

  private static JsonNode schema(String file) {
    return JsonResources.load(WeatherConnectorProvider.class, file);
  }
}
