package io.cynodeai.connector.spring.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test connector type: one {@code echo} operation and a Standard Webhooks subscription {@code events} whose
 * events carry the message id. Its configuration is {@code {"endpoint": "..."}}; its health check fails when
 * the endpoint contains {@code broken}.
 */
public final class HooksConnector {
  public static final String TYPE = "hooks";
  private static final JsonNode CONFIG_SCHEMA = JsonResources.parse("""
      {"type":"object","required":["endpoint"],"additionalProperties":false,
       "properties":{"endpoint":{"type":"string","minLength":1}}}""");
  private static final JsonNode ECHO = JsonResources.parse("""
      {"type":"object","required":["text"],"additionalProperties":false,
       "properties":{"text":{"type":"string","maxLength":100}}}""");

  private HooksConnector() {}

  public static ConnectorType type() {
    return ConnectorType.builder(TYPE, "1.0.0").configSchema("1", CONFIG_SCHEMA)
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC).requestSchema(ECHO)
            .responseSchema(ECHO).handler((ctx, in) -> HandlerResult.of(in)))
        .healthCheck(ctx -> ctx.config().path("endpoint").asText().contains("broken")
            ? HealthResult.unhealthy("the endpoint is broken") : HealthResult.healthy())
        .webhooks(new Source()).build();
  }

  /** A spec of this type, named {@code name}, owned by user {@code alice}. */
  public static String spec(String name) {
    return """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: %s
          owner:
            type: user
            id: alice
        spec:
          type: hooks
          typeVersion: 1
          enabled: true
          config:
            endpoint: https://hooks.example.com
        """.formatted(name);
  }

  static final class Source implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return SignatureScheme.standardWebhooks();
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      JsonNode body = JsonResources.parse(new String(request.body(), StandardCharsets.UTF_8));
      return new ParsedDelivery(List.of(new InboundEvent(request.header("webhook-id").orElseThrow(),
          body.path("type").asText("test"), null, body)), null);
    }
  }
}
