package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobState;
import org.junit.jupiter.api.Test;

/** The public test host runs a connector through a real engine with its config, secrets and loopback egress. */
class TestHostTest {

  @Test
  void invokesSyncAndRunsJobsThroughTheEngineWithTheInstancesSecret() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config())
            .secret("apiKey", "k-123").start()) {
      Succeeded now = (Succeeded) host.invoke("current", json("{\"station\":\"KSEA\"}"));
      assertThat(now.response().data().at("/station/operatorEmail").asText()).isEqualTo("[REDACTED]");
      assertThat(provider.lastKey.get()).isEqualTo("k-123");

      Job job = host.runJob("current", json("{\"station\":\"KSEA\"}"));
      assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(((Succeeded) job.outcome()).response().data().get("temperature").asDouble()).isEqualTo(11.5);
      assertThat(host.audit().events(e -> e.type() == AuditEventType.INVOCATION)).hasSize(2);
      assertThat(host.audit().events().toString()).doesNotContain("k-123");
    }
  }

  @Test
  void aConfigTheSchemaRefusesStopsTheStartWithTheReason() {
    assertThatThrownBy(() -> TestHost.builder(WeatherConnector.type()).config(json("{\"base\":1}")).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("install refused: VALIDATION_ERROR");
  }

  @Test
  void aRefusedJobSaysWhy() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config()).start()) {
      assertThatThrownBy(() -> host.submit("current", json("{}"), null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("job refused: VALIDATION_ERROR");
    }
  }
}
