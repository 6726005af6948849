package com.example.weather;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.ConnectorCertification;
import io.cynodeai.connector.testkit.ProviderAnswer;
import io.cynodeai.connector.testkit.ProviderAnswers;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Certifies the weather connector: one JUnit test per check, and the report in
 * target/connector-certification/weather-0.1.0.txt (and .json, and the certification record).
 */
class WeatherCertificationTest {
  private static final LocalWeatherApi API = new LocalWeatherApi();

  @AfterAll
  static void stopApi() {
    API.close();
  }

  @TestFactory
  Stream<DynamicTest> certification() {
    JsonNode config = JsonResources.parse("{\"baseUrl\":\"" + API.baseUrl() + "\"}");
    CredentialVault vault = CredentialVault.of(SecretProviders.environment(
        Map.of("WEATHER_API_KEY", LocalWeatherApi.API_KEY)));
    return ConnectorCertification.of(new WeatherConnectorProvider())
        .config(config)
        .allowLoopbackEgress()
        .credentials(vault, Map.of("apiKey", SecretRef.parse("env:WEATHER_API_KEY")))
        .providerAnswers(ProviderAnswers
            .pointing((cfg, stub) -> ((ObjectNode) cfg).put("baseUrl", stub.toString()))
            .expect(ProviderAnswer.status(401), FailureClass.PERMANENT, "credentials_rejected")
            .expect(ProviderAnswer.status(404), FailureClass.PERMANENT, "station_not_found")
            .expect(ProviderAnswer.status(429).retryAfterSeconds(20), FailureClass.QUOTA_EXCEEDED,
                "provider_rate_limited")
            .expect(ProviderAnswer.status(503).retryAfterDate(Duration.ofSeconds(60)), FailureClass.QUOTA_EXCEEDED,
                "provider_rate_limited")
            .expect(ProviderAnswer.status(500), FailureClass.TRANSIENT, "provider_unavailable"))
        .dynamicTests();
  }
}
