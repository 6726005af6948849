package com.example.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;
import org.junit.jupiter.api.Test;

/** The connector's own behaviour, run in a real engine by the testkit's TestHost against the local API. */
class WeatherConnectorTest {

  @Test
  void currentWeatherComesBackWithTheOperatorsEmailRedacted() {
    try (LocalWeatherApi api = new LocalWeatherApi();
        TestHost host = TestHost.builder(new WeatherConnectorProvider())
            .config(JsonResources.parse("{\"baseUrl\":\"" + api.baseUrl() + "\"}"))
            .secret("apiKey", LocalWeatherApi.API_KEY).start()) {
      Succeeded now = assertInstanceOf(Succeeded.class, host.invoke("current",
          JsonResources.parse("{\"station\":\"KSEA\"}")));

      assertEquals(11.5, now.response().data().get("temperature").asDouble());
      assertEquals("[REDACTED]", now.response().data().at("/station/operatorEmail").asText());
    }
  }

  @Test
  void historyRunsAsAJob() {
    try (LocalWeatherApi api = new LocalWeatherApi();
        TestHost host = TestHost.builder(new WeatherConnectorProvider())
            .config(JsonResources.parse("{\"baseUrl\":\"" + api.baseUrl() + "\"}"))
            .secret("apiKey", LocalWeatherApi.API_KEY).start()) {
      Job job = host.runJob("history", JsonResources.parse("{\"station\":\"KSEA\"}"));

      assertEquals(JobState.SUCCEEDED, job.state());
      assertEquals(2, ((Succeeded) job.outcome()).response().data().get("days").size());
    }
  }

  @Test
  void aBadStationIsRefusedBeforeTheApiIsCalled() {
    try (LocalWeatherApi api = new LocalWeatherApi();
        TestHost host = TestHost.builder(new WeatherConnectorProvider())
            .config(JsonResources.parse("{\"baseUrl\":\"" + api.baseUrl() + "\"}"))
            .secret("apiKey", LocalWeatherApi.API_KEY).start()) {
      Failed refused = assertInstanceOf(Failed.class, host.invoke("current",
          JsonResources.parse("{\"station\":\"not a station\"}")));

      assertEquals("VALIDATION_ERROR", refused.failureClass().name());
    }
  }
}
