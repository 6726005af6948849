package io.cynodeai.connector.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.jackson.JsonFormat;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real engine receiving a webhook and auditing a call, with the host taking both as CloudEvents; each event
 * is written in structured JSON mode and read back with the CloudEvents SDK's own JSON format.
 */
@Tag("REQ-INBOUND-006")
class ConnectorCloudEventsTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<CloudEvent> inbound = new CopyOnWriteArrayList<>();
  private final List<CloudEvent> audit = new CopyOnWriteArrayList<>();
  private ConnectorEngine engine;

  /** Token-verified events: {@code {"id", "type", "data"}} bodies. */
  static final class Source implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return SignatureScheme.sharedToken("X-Token");
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      JsonNode body = JsonResources.parse(new String(request.body(), StandardCharsets.UTF_8));
      return new ParsedDelivery(List.of(new InboundEvent(body.get("id").asText(), body.get("type").asText(),
          Instant.ofEpochSecond(1_700_000_000L), body.get("data"))), null);
    }

    @Override
    public List<RedactionRule> redactions() {
      return List.of(RedactionRule.of("/email"));
    }
  }

  @BeforeEach
  void start() {
    JsonNode object = JsonResources.parse("{\"type\":\"object\"}");
    ConnectorType type = ConnectorType.builder("chat", "1.0.0").configSchema("1", object)
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC).requestSchema(object)
            .responseSchema(object).handler((ctx, in) -> HandlerResult.of(in)))
        .webhooks(new Source()).build();
    engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .auditSink(new CloudEventsAuditSink(URI.create("/engines/test-node"), audit::add))
        .webhooks(WebhookConfig.builder(ConnectorCloudEvents.subscriber(inbound::add))
            .keys(new LocalKeyManagementService("k")).build())
        .build();
    engine.instances().install(InstanceDefinition.builder("team chat", "chat").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable("team chat", ALICE);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private static CloudEvent roundTrip(CloudEvent event) {
    return new JsonFormat().deserialize(ConnectorCloudEvents.toJson(event));
  }

  @Test
  void anInboundEventReachesTheHostAsAStructuredCloudEvent() throws Exception {
    engine.webhooks().enable("team chat", "events", ALICE);
    char[] token = ((SecretOutcome.Issued) engine.webhooks().revealSecret("team chat", "events", ALICE)).secret();
    byte[] body = "{\"id\":\"ev-1\",\"type\":\"message.posted\",\"data\":{\"text\":\"hi\",\"email\":\"a@b.c\"}}"
        .getBytes(StandardCharsets.UTF_8);

    WebhookResult result = engine.webhooks().deliver("team chat", "events", new WebhookDelivery(
        Map.of("X-Token", List.of(new String(token))), body, Instant.now()));

    assertThat(result).isInstanceOf(WebhookResult.Accepted.class);
    CloudEvent event = roundTrip(inbound.get(0));
    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(event.getId()).isEqualTo("ev-1");
    assertThat(event.getSource()).hasToString("/connectors/instances/team%20chat/subscriptions/events");
    assertThat(event.getType()).isEqualTo("io.cynodeai.connector.chat.message.posted");
    assertThat(event.getSubject()).isNull();
    assertThat(event.getTime()).hasToString("2023-11-14T22:13:20Z");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(JSON.readTree(event.getData().toBytes())).isEqualTo(
        JSON.readTree("{\"text\":\"hi\",\"email\":\"[REDACTED]\"}"));
    assertThat(event.getExtension("connectorinstance")).isEqualTo("team chat");
    assertThat(event.getExtension("connectortype")).isEqualTo("chat");
    assertThat(event.getExtension("subscription")).isEqualTo("events");
    assertThat(event.getExtension("redactions")).isEqualTo("/email");
    assertThat(Instant.parse((String) event.getExtension("receivedat"))).isNotNull();
    JsonNode wire = JSON.readTree(ConnectorCloudEvents.toJson(inbound.get(0)));
    assertThat(wire.get("specversion").asText()).isEqualTo("1.0");
    assertThat(wire.get("data").get("text").asText()).as("JSON data stays JSON on the wire").isEqualTo("hi");
  }

  @Test
  void theAuditStreamIsEmittedAsCloudEventsCarryingTheSameFields() throws Exception {
    assertThat(engine.invoke(InvocationRequest.of("team chat", "echo", JsonResources.parse("{\"x\":1}"), ALICE)))
        .isInstanceOf(Succeeded.class);

    CloudEvent call = audit.stream().map(ConnectorCloudEventsTest::roundTrip)
        .filter(e -> e.getType().equals("io.cynodeai.connector.audit.invocation")).findFirst().orElseThrow();
    assertThat(call.getSource()).hasToString("/engines/test-node");
    assertThat(call.getSubject()).isEqualTo("team chat");
    assertThat(call.getExtension("outcome")).isEqualTo("succeeded");
    JsonNode data = JSON.readTree(call.getData().toBytes());
    assertThat(data.get("operation").asText()).isEqualTo("echo");
    assertThat(data.get("user_id").asText()).isEqualTo("alice");
    assertThat(data.get("connector_instance_id").asText()).isEqualTo("team chat");
    assertThat(audit).extracting(CloudEvent::getId).doesNotHaveDuplicates();
    assertThat(audit).extracting(CloudEvent::getType).contains("io.cynodeai.connector.audit.lifecycle");
  }
}
