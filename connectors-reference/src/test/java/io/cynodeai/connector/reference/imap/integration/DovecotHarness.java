package io.cynodeai.connector.reference.imap.integration;

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
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link DovecotServer} and a real engine hosting the {@code imap} connector against it: the user's name and
 * password come from a map the test can change (the host's secret source, read through the {@code env}
 * provider on every lease), and egress allows the server's two ports on 127.0.0.1 with the server's
 * certificate as the instance's trust store, unless the test gives other egress rules. Close it after use.
 */
final class DovecotHarness implements AutoCloseable {
  static final Caller CALLER = Caller.user("tester", null);

  final DovecotServer server;
  final Map<String, String> secrets = new ConcurrentHashMap<>(DovecotServer.credentials(DovecotServer.PASSWORD));
  final RecordingAuditSink audit = new RecordingAuditSink();
  final ConnectorEngine engine;

  private DovecotHarness(DovecotServer server, ConnectorProvider provider,
      Function<DovecotServer, Function<ConnectorInstance, EgressPolicy>> egress, Consumer<EngineBuilder> settings) {
    this.server = server;
    EngineBuilder builder = ConnectorEngines.builder().register(provider.type()).auditSink(audit)
        .policy(PolicyEngine.allowAll())
        .egress(egress.apply(server))
        .credentials(CredentialVault.of(SecretProviders.environment(secrets::get)), i -> Map.of(
            "username", SecretRef.parse("env:IMAP_USER"), "password", SecretRef.parse("env:IMAP_PASSWORD")));
    settings.accept(builder);
    this.engine = builder.build();
  }

  static DovecotHarness start(DovecotServer.Settings settings, ConnectorProvider provider) throws Exception {
    return start(settings, provider, DovecotHarness::trusting, b -> {});
  }

  static DovecotHarness start(DovecotServer.Settings settings, ConnectorProvider provider,
      Function<DovecotServer, Function<ConnectorInstance, EgressPolicy>> egress, Consumer<EngineBuilder> more)
      throws Exception {
    DovecotServer server = DovecotServer.start(settings);
    try {
      return new DovecotHarness(server, provider, egress, more);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The server's ports on 127.0.0.1, its certificate trusted for this instance only. */
  static Function<ConnectorInstance, EgressPolicy> trusting(DovecotServer server) {
    EgressPolicy policy = ownServer(server).trustStore(server.trustStore()).build();
    return i -> policy;
  }

  static EgressPolicy.Builder ownServer(DovecotServer server) {
    return EgressPolicy.builder().allow("tcp://127.0.0.1:" + server.imapPort())
        .allow("tcp://127.0.0.1:" + server.imapsPort()).allowAddressRange("127.0.0.1/32");
  }

  /** A config for the server: IMAPS, STARTTLS on the IMAP port, or plain IMAP; plus any extra members. */
  JsonNode config(String security, String extraMembers) {
    String connection = switch (security) {
      case "tls" -> "\"port\":" + server.imapsPort() + ",\"tls\":true";
      case "starttls" -> "\"port\":" + server.imapPort() + ",\"starttls\":true";
      case "plain" -> "\"port\":" + server.imapPort() + ",\"tls\":false";
      default -> throw new IllegalArgumentException(security);
    };
    return JsonResources.parse("{\"host\":\"127.0.0.1\"," + connection
        + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
  }

  /** Installs and enables instance {@code id}. */
  LifecycleOutcome deploy(String id, JsonNode config) {
    engine.instances().install(InstanceDefinition.builder(id, "imap").config(config)
        .owner(OwnerScope.user(CALLER.userId())).build(), CALLER);
    return engine.instances().enable(id, CALLER);
  }

  ConnectorInstance instance(String id) {
    return engine.instances().get(id, CALLER).orElseThrow();
  }

  Outcome invoke(String instance, String operation, String input) {
    InvocationRequest request = InvocationRequest.of(instance, operation, JsonResources.parse(input), CALLER);
    if (operation.equals("markSeen")) {
      request = request.withIdempotencyKey("k-" + request.requestId());
    }
    return engine.invoke(request);
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      server.close();
    }
  }
}
