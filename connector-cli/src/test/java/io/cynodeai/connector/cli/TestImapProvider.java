package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test-only imap-shaped type, discovered through ServiceLoader, that answers without an IMAP server. The real
 * {@code imap} connector (1.0.0, from connectors-reference) is discovered too; this one's version 1.99.0 is
 * the newest matching the seed spec's {@code typeVersion: 1} pin, so the CLI tests resolve to it.
 */
public final class TestImapProvider implements ConnectorProvider {
  /** What the health check answers: healthy unless a test says otherwise (and resets it). */
  static final AtomicReference<HealthResult> HEALTH = new AtomicReference<>(HealthResult.healthy());

  @Override
  public ConnectorType type() {
    return ConnectorType.builder("imap", "1.99.0").configSchema("1", JsonResources.parse("""
        {"type":"object","required":["host","port"],"additionalProperties":false,
         "properties":{"host":{"type":"string","minLength":1},"port":{"type":"integer","minimum":1,"maximum":65535},
           "tls":{"type":"boolean"},"mailbox":{"type":"string"},
           "filter":{"type":"object","properties":{"fromAllowlist":{"type":"array","items":{"type":"string"}}}}}}"""))
        .operation(OperationDescriptor.builder("readInbox").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> HandlerResult.of(JsonResources.parse(
                "{\"messages\":[{\"from\":\"alerts@example.com\",\"subject\":\"disk full\"}]}"))))
        .operation(OperationDescriptor.builder("explode").modes(ExecutionMode.ASYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              throw ProviderException.permanentFailure("mailbox_gone", "the mailbox was deleted", null);
            }))
        .healthCheck(ctx -> HEALTH.get()).build();
  }
}
