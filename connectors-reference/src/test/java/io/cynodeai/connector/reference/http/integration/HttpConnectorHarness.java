package io.cynodeai.connector.reference.http.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.http.HttpConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real engine hosting the {@code http} connector, with one enabled instance whose base URL points at a
 * {@link StubHttpServer}, and a recording audit sink. The stub server runs on loopback, which the engine's
 * default egress refuses, so the harness opens egress to this machine explicitly ({@link
 * EgressPolicy#loopbackOnly()}) unless a test asks for the engine's default.
 */
final class HttpConnectorHarness implements AutoCloseable {
  static final Caller ALICE = Caller.user("alice", "proj-a");
  static final String INSTANCE = "api";

  final StubHttpServer server = StubHttpServer.start("/api");
  final RecordingAuditSink audit = new RecordingAuditSink();
  final ConnectorEngine engine;

  private HttpConnectorHarness(HttpConnectorProvider provider, boolean openLoopback,
      Consumer<EngineBuilder> engineSettings, Consumer<ObjectNode> configSettings) {
    EngineBuilder builder = ConnectorEngines.builder()
        .register(provider)
        .policy(PolicyEngine.allowAll())
        .auditSink(audit);
    if (openLoopback) {
      builder.egress(EgressPolicy.loopbackOnly());
    }
    engineSettings.accept(builder);
    engine = builder.build();
    ObjectNode config = ((ObjectNode) json("{}")).put("baseUrl", server.baseUrl().toString());
    configSettings.accept(config);
    LifecycleOutcome installed = engine.instances().install(InstanceDefinition.builder(INSTANCE, "http")
        .config(config).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    assertThat(installed).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable(INSTANCE, ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  /** The connector with its defaults, on an engine with its defaults but for egress opened to loopback. */
  static HttpConnectorHarness start() {
    return start(new HttpConnectorProvider(), engine -> {}, config -> {});
  }

  /** The connector on an engine with egress opened to loopback, then {@code engineSettings} applied. */
  static HttpConnectorHarness start(HttpConnectorProvider provider, Consumer<EngineBuilder> engineSettings,
      Consumer<ObjectNode> configSettings) {
    return new HttpConnectorHarness(provider, true, engineSettings, configSettings);
  }

  /** The connector on an engine with the default egress (public addresses only), then {@code engineSettings}. */
  static HttpConnectorHarness startWithDefaultEgress(Consumer<EngineBuilder> engineSettings,
      Consumer<ObjectNode> configSettings) {
    return new HttpConnectorHarness(new HttpConnectorProvider(), false, engineSettings, configSettings);
  }

  Outcome invoke(String operation, String input) {
    InvocationRequest request = InvocationRequest.of(INSTANCE, operation, json(input), ALICE);
    // send is mutating and so needs an idempotency key; a fresh one per call keeps every call a first call.
    return engine.invoke(operation.equals("send") ? request.withIdempotencyKey(request.requestId()) : request);
  }

  ConnectorInstance instance() {
    return engine.instances().get(INSTANCE, ALICE).orElseThrow();
  }

  /** The audit events of invocations, oldest first. */
  List<AuditEvent> invocations() {
    return audit.events(e -> e.type() == AuditEventType.INVOCATION);
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  @Override
  public void close() {
    engine.close();
    server.close();
  }
}
