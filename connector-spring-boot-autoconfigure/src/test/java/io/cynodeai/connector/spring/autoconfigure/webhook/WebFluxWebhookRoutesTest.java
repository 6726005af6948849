package io.cynodeai.connector.spring.autoconfigure.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spring.autoconfigure.HooksConnector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The WebFlux routes answer exactly as the MVC controller and the library's {@code WebhookHttpHandler}. */
@Tag("REQ-INBOUND-002")
@Tag("REQ-IDEM-005")
class WebFluxWebhookRoutesTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private static final char[] SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".toCharArray();
  private final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();
  private ConnectorEngine engine;
  private WebTestClient client;

  @BeforeEach
  void start() {
    engine = ConnectorEngines.builder().register(HooksConnector.type()).policy(PolicyEngine.allowAll())
        .webhooks(WebhookConfig.builder(received::add).maxBodyBytes(1024)
            .keys(new LocalKeyManagementService("hooks")).build())
        .build();
    engine.instances().install(InstanceDefinition.builder("inst-1", HooksConnector.TYPE)
        .config(JsonResources.parse("{\"endpoint\":\"https://hooks.example.com\"}"))
        .owner(OwnerScope.user("alice")).build(), ALICE);
    engine.instances().enable("inst-1", ALICE);
    engine.webhooks().enable("inst-1", "events", ALICE);
    engine.webhooks().importSecret("inst-1", "events", SECRET, Duration.ZERO, ALICE);
    client = WebTestClient.bindToRouterFunction(
        new WebFluxWebhookRoutes(engine.webhooks(), Clock.systemUTC()).routes("/webhooks/")).build();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private WebTestClient.ResponseSpec signed(String instance, String id, String body) {
    long ts = Instant.now().getEpochSecond();
    return client.post().uri("/webhooks/" + instance + "/events").header("webhook-id", id)
        .header("webhook-timestamp", Long.toString(ts))
        .header("webhook-signature",
            StandardWebhookSignatures.sign(SECRET, id, ts, body.getBytes(StandardCharsets.UTF_8)))
        .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
  }

  @Test
  void aSignedDeliveryIsAcceptedOnceAndItsReplayIsADuplicate() {
    signed("inst-1", "msg_1", "{\"type\":\"order.paid\"}").expectStatus().isEqualTo(200);
    signed("inst-1", "msg_1", "{\"type\":\"order.paid\"}").expectStatus().isEqualTo(200);

    assertThat(received).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("order.paid"));
  }

  @Test
  void refusalsHaveTheGatewaysStatusesAndErrorBodies() {
    client.post().uri("/webhooks/inst-1/events").header("webhook-id", "msg_2")
        .header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
        .header("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").bodyValue("{}").exchange()
        .expectStatus().isEqualTo(401).expectBody().jsonPath("$.error").exists().jsonPath("$.message").exists();
    signed("nobody", "msg_3", "{}").expectStatus().isEqualTo(404);
    signed("inst-1", "msg_4", "{\"pad\":\"" + "x".repeat(2048) + "\"}").expectStatus().isEqualTo(413);
    client.get().uri("/webhooks/inst-1/events").exchange().expectStatus().isEqualTo(405)
        .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed");
    client.post().uri("/webhooks/inst-1/events/more").bodyValue("{}").exchange().expectStatus().isEqualTo(404)
        .expectBody().jsonPath("$.error").isEqualTo("not_found");

    assertThat(received).isEmpty();
  }
}
