package io.cynodeai.connector.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.JsonResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application as a user runs it: a real IMAP server, the starter's engine, Tomcat on a free port;
 * {@code GET /inbox} returns only the allowlisted alert, and Actuator shows {@code ops-mail} active.
 */
class OpsMailApplicationTest {
  private static ConfigurableApplicationContext app;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    app = OpsMailApplication.start("--server.port=0");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    String port = app.getEnvironment().getProperty("local.server.port");
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theInboxEndpointInvokesReadInboxAndReturnsOnlyTheAllowlistedAlert() throws Exception {
    HttpResponse<String> response = get("/inbox");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("Disk 91% on db-1").doesNotContain("Weekly news");
  }

  @Test
  void actuatorHealthShowsTheSpecsInstanceActive() throws Exception {
    HttpResponse<String> response = get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode connectors = JsonResources.parse(response.body()).path("components").path("connectors");
    assertThat(connectors.path("details").path("byStatus").path("active").asInt()).isEqualTo(1);
  }
}
