package io.cynodeai.connector.spring.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.core.credentials.KeyManagementService;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spring.autoconfigure.HooksConnector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring MVC application with nothing but the starter's auto-configuration, a connector bean and a policy
 * bean, on a real Tomcat on a random port (with the embedded H2 {@code DataSource} Spring Boot makes from the
 * class path, so the engine's state is in JDBC stores): Standard Webhooks deliveries over HTTP get the library
 * gateway's statuses and bodies, accepted events arrive as application events, and Actuator's health and
 * {@code connectors} endpoint show the instances over HTTP.
 */
@Tag("REQ-INBOUND-002")
@Tag("REQ-IDEM-005")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "connector.discover-connectors=false",
    "connector.webhooks.path=/hooks",
    "connector.webhooks.max-body-bytes=2048",
    "management.endpoints.web.exposure.include=health,connectors,metrics",
    "management.endpoint.health.show-details=always"})
class WebhookAndActuatorOverHttpTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private final HttpClient client = HttpClient.newHttpClient();
  @LocalServerPort int port;
  @Autowired ConnectorEngine engine;
  @Autowired Events events;
  private static final char[] SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".toCharArray();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    ConnectorType hooks() {
      return HooksConnector.type();
    }

    @Bean
    PolicyEngine policy() {
      return PolicyEngine.allowAll();
    }

    @Bean
    KeyManagementService keys() {
      return new LocalKeyManagementService("webhooks");
    }

    @Bean
    Events events() {
      return new Events();
    }

    /** Webhooks authenticate by their signature: the application lets them through, without CSRF tokens. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
          .csrf(c -> c.ignoringRequestMatchers("/hooks/**")).build();
    }
  }

  /** Collects the webhook events the engine publishes into the context. */
  static final class Events {
    final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(CanonicalEvent event) {
      received.add(event);
    }
  }

  @BeforeEach
  void instanceWithAnEnabledSubscription() {
    if (engine.instances().get("inst-1", ALICE).isEmpty()) {
      assertThat(engine.instances().install(InstanceDefinition.builder("inst-1", HooksConnector.TYPE)
          .config(JsonResources.parse("{\"endpoint\":\"https://hooks.example.com\"}"))
          .owner(OwnerScope.user("alice")).build(), ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(engine.instances().enable("inst-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
      engine.webhooks().enable("inst-1", "events", ALICE);
      assertThat(engine.webhooks().importSecret("inst-1", "events", SECRET, Duration.ZERO, ALICE))
          .isInstanceOf(SecretOutcome.Stored.class);
    }
    events.received.clear();
  }

  @Test
  void aSignedDeliveryIsAcceptedAndPublishedAsAnApplicationEventAndItsReplayIsADuplicate() throws Exception {
    String body = "{\"type\":\"order.paid\"}";
    HttpResponse<String> first = signed("inst-1", "msg_1", body);
    HttpResponse<String> replay = signed("inst-1", "msg_1", body);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(events.received).singleElement().satisfies(e -> {
      assertThat(e.instanceId()).isEqualTo("inst-1");
      assertThat(e.type()).isEqualTo("order.paid");
    });
  }

  @Test
  void aBadSignatureIs401WithTheGatewaysErrorBody() throws Exception {
    HttpResponse<String> response = post("/hooks/inst-1/events", "{}", "webhook-id", "msg_2",
        "webhook-timestamp", Long.toString(Instant.now().getEpochSecond()),
        "webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = JsonResources.parse(response.body());
    assertThat(error.fieldNames()).toIterable().containsExactly("error", "message");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertThat(events.received).isEmpty();
  }

  @Test
  void anUnknownInstanceIs404() throws Exception {
    assertThat(signed("nobody", "msg_3", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    assertThat(signed("inst-1", "msg_4", "{\"pad\":\"" + "x".repeat(4096) + "\"}").statusCode()).isEqualTo(413);
    assertThat(events.received).isEmpty();
  }

  @Test
  void otherMethodsAre405AndOtherPathsBelowThePrefix404() throws Exception {
    HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri("/hooks/inst-1/events")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> deeper = post("/hooks/inst-1/events/more", "{}");

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(JsonResources.parse(get.body()).path("error").asText()).isEqualTo("method_not_allowed");
    assertThat(deeper.statusCode()).isEqualTo(404);
    assertThat(JsonResources.parse(deeper.body()).path("error").asText()).isEqualTo("not_found");
  }

  @Test
  void actuatorHealthShowsTheInstancesByStatus() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode connectors = JsonResources.parse(response.body()).path("components").path("connectors");
    assertThat(connectors.path("status").asText()).isEqualTo("UP");
    assertThat(connectors.path("details").path("instances").asInt()).isEqualTo(1);
    assertThat(connectors.path("details").path("byStatus").path("active").asInt()).isEqualTo(1);
  }

  @Test
  void theConnectorsEndpointListsTheInstancesAndTheirStatus() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/actuator/connectors")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JsonResources.parse(response.body());
    assertThat(body.path("store").asText()).isEqualTo("h2");   // Spring Boot's embedded H2 data source
    assertThat(body.path("instances")).singleElement().satisfies(i -> {
      assertThat(i.path("id").asText()).isEqualTo("inst-1");
      assertThat(i.path("type").asText()).isEqualTo("hooks");
      assertThat(i.path("status").asText()).isEqualTo("active");
      assertThat(i.has("config")).isFalse();
    });
  }

  @Test
  void theEnginesMetricsAreTaggedPerTypeInTheMetricsEndpoint() throws Exception {
    assertThat(engine.invoke(InvocationRequest.of("inst-1", "echo", JsonResources.parse("{\"text\":\"hi\"}"),
        ALICE))).isInstanceOf(Succeeded.class);

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        uri("/actuator/metrics/connector.invocations?tag=type:hooks")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonResources.parse(response.body()).path("measurements").get(0).path("value").asDouble())
        .isGreaterThanOrEqualTo(1.0);
  }

  private HttpResponse<String> signed(String instance, String id, String body) throws Exception {
    long ts = Instant.now().getEpochSecond();
    String signature = StandardWebhookSignatures.sign(SECRET, id, ts, body.getBytes(StandardCharsets.UTF_8));
    return post("/hooks/" + instance + "/events", body, "webhook-id", id, "webhook-timestamp", Long.toString(ts),
        "webhook-signature", signature);
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
