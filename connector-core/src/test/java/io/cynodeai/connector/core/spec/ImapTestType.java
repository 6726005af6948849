package io.cynodeai.connector.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test-only connector type shaped like the seed's IMAP example (the real IMAP connector comes later): config
 * host, port, tls, mailbox, filter.fromAllowlist, and a secret {@code password} field; one operation,
 * readInbox; a health check the test controls.
 */
public final class ImapTestType {
  public static final JsonNode CONFIG_SCHEMA = JsonResources.parse("""
      {"type":"object","required":["host","port"],"additionalProperties":false,
       "properties":{
         "host":{"type":"string","minLength":1},
         "port":{"type":"integer","minimum":1,"maximum":65535},
         "tls":{"type":"boolean"},
         "mailbox":{"type":"string"},
         "password":{"type":"string","writeOnly":true},
         "filter":{"type":"object","additionalProperties":false,
           "properties":{"fromAllowlist":{"type":"array","items":{"type":"string"}}}}}}""");
  public final AtomicReference<HealthResult> health = new AtomicReference<>(HealthResult.healthy());

  public ConnectorType type(String version) {
    return ConnectorType.builder("imap", version).configSchema("1", CONFIG_SCHEMA)
        .operation(OperationDescriptor.builder("readInbox").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> HandlerResult.of(JsonResources.parse("{\"messages\":[]}"))))
        .healthCheck(ctx -> health.get()).build();
  }

  public static String resource(String path) {
    try (InputStream in = ImapTestType.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A vault with a provider for the seed's {@code cynode-vault} references, mapped for every scope as a
   * single-tenant host would map it, holding the seed's two keys: validation finds them within reach.
   */
  public static CredentialVault vault() {
    SecretProvider seedSecrets = SecretProviders.environment(Map.of(
        "IMAP_OPS_MAIL_CREDS_USERNAME", "ops", "IMAP_OPS_MAIL_CREDS_PASSWORD", "seed-password"));
    return CredentialVault.of(SecretProviders.perScope("cynode-vault", scope -> seedSecrets));
  }

  /** The seed example (docs: seed-spec §19.3), as written. */
  public static String seedExample() {
    return resource("/specs/ops-mail.yaml");
  }
}
