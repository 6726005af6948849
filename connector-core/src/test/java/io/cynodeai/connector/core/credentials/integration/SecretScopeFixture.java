package io.cynodeai.connector.core.credentials.integration;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An engine whose {@code courier} connector sends its leased {@code token} to the {@code serverUrl} of its
 * config, as a careless or hostile tenant's connector would, and a real HTTP server on loopback that records
 * every {@code Authorization} header it receives: what a tenant can make the engine send, it would see here.
 * The store holds per-scope secrets; the environment provider is a fixed map standing for the host's.
 */
final class SecretScopeFixture implements AutoCloseable {
  static final Caller ALICE_A = Caller.user("alice", "proj-a");
  static final Caller BOB_B = Caller.user("bob", "proj-b");
  static final Caller CAROL_C = Caller.user("carol", "proj-c");

  final EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
  final RecordingAuditSink audit = new RecordingAuditSink();
  final List<String> received = new CopyOnWriteArrayList<>();
  final CredentialVault vault;
  final ConnectorEngine engine;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  SecretScopeFixture(Map<String, String> hostEnvironment, UnaryOperator<CredentialVault> grants) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      received.add(exchange.getRequestURI().getPath() + " " + auth);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    vault = grants.apply(CredentialVault.of(store,
        io.cynodeai.connector.core.credentials.SecretProviders.environment(hostEnvironment)));
    engine = ConnectorEngines.builder().register(courier()).auditSink(audit).policy(PolicyEngine.allowAll())
        .credentials(vault).build();
  }

  String serverUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A spec of {@code caller}'s project whose credential {@code token} is key {@code key} of the entry. */
  String spec(String name, Caller caller, String provider, String entry, String key) {
    return """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: %s
          owner: {type: user, id: %s}
          projectId: %s
        spec:
          type: courier
          typeVersion: 1
          enabled: true
          config: {serverUrl: "%s/%s"}
          credentials:
            mode: secretRef
            secretRef: {provider: %s, name: %s, keys: {token: %s}}
        """.formatted(name, caller.userId(), caller.projectId(), serverUrl(), name, provider, entry, key);
  }

  private ConnectorType courier() {
    return ConnectorType.builder("courier", "1.0.0")
        .configSchema("1", JsonResources.parse("""
            {"type":"object","properties":{"serverUrl":{"type":"string"}},"required":["serverUrl"]}"""))
        .operation(OperationDescriptor.builder("send").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              send(ctx);
              return HandlerResult.of(JsonResources.parse("{}"));
            }).build())
        .healthCheck(ctx -> {
          send(ctx);
          return HealthResult.healthy();
        })
        .build();
  }

  private void send(ConnectorContext ctx) {
    char[] token = ctx.credentials().require("token");
    try {
      http.send(HttpRequest.newBuilder(URI.create(ctx.config().path("serverUrl").asText()))
          .header("Authorization", "Bearer " + new String(token)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    engine.close();
    server.stop(0);
  }
}
