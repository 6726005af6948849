package io.cynodeai.connector.reference.mattermost.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.mattermost.MattermostConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real engine hosting the {@code mattermost} connector against a {@link MattermostPeer}: the token sealed
 * in an {@link EncryptedSecretStore}, the egress guard allowing exactly the peer (loopback allowed
 * explicitly), and a recording audit sink. One instance, {@value #INSTANCE}, installed and enabled.
 */
final class MattermostHarness implements AutoCloseable {
  static final Caller ALICE = Caller.user("alice", "proj-a");
  static final String INSTANCE = "chat";

  final MattermostPeer peer;
  final RecordingAuditSink audit = new RecordingAuditSink();
  final ConnectorEngine engine;
  final LifecycleOutcome enabled;

  private MattermostHarness(MattermostConnectorProvider provider, String token, Consumer<EngineBuilder> settings) {
    try {
      peer = new MattermostPeer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("test"));
    try {
      store.put("mattermost-token", token.toCharArray());
    } catch (SecretUnavailableException e) {
      throw new IllegalStateException(e);
    }
    EngineBuilder builder = ConnectorEngines.builder()
        .register(provider)
        .policy(PolicyEngine.allowAll())
        .auditSink(audit)
        .credentials(CredentialVault.of(store), instance -> Map.of("token", SecretRef.parse("store:mattermost-token")))
        .egress(instance -> EgressPolicy.builder().allow("http://127.0.0.1:" + peer.url().getPort())
            .allowAddressRange("127.0.0.1/32").build());
    settings.accept(builder);
    engine = builder.build();
    LifecycleOutcome installed = engine.instances().install(InstanceDefinition.builder(INSTANCE, "mattermost")
        .config(json("{\"serverUrl\":\"" + peer.url() + "\"}")).owner(OwnerScope.user("alice"))
        .projectId("proj-a").build(), ALICE);
    assertThat(installed).isInstanceOf(LifecycleOutcome.Applied.class);
    enabled = engine.instances().enable(INSTANCE, ALICE);
  }

  static MattermostHarness start() {
    return start(new MattermostConnectorProvider(), MattermostPeer.TOKEN, b -> {});
  }

  static MattermostHarness start(MattermostConnectorProvider provider, String token, Consumer<EngineBuilder> settings) {
    return new MattermostHarness(provider, token, settings);
  }

  /** Invokes with a fresh idempotency key for {@code postMessage}, which needs one. */
  Outcome invoke(String operation, String input) {
    InvocationRequest request = InvocationRequest.of(INSTANCE, operation, json(input), ALICE);
    return engine.invoke(operation.equals("postMessage") ? request.withIdempotencyKey(request.requestId()) : request);
  }

  ConnectorInstance instance() {
    return engine.instances().get(INSTANCE, ALICE).orElseThrow();
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  @Override
  public void close() {
    engine.close();
    peer.close();
  }
}
