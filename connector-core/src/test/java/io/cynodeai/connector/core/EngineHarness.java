package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.util.function.Consumer;

/** An engine with one enabled instance of a test type, and a recording audit sink. */
final class EngineHarness implements AutoCloseable {
  static final Caller ALICE = Caller.user("alice", "proj-a").withGroups("ops");
  final RecordingAuditSink audit = new RecordingAuditSink();
  final ConnectorEngine engine;

  EngineHarness(ConnectorType type, Consumer<EngineBuilder> customize) {
    EngineBuilder builder = ConnectorEngines.builder().register(type).auditSink(audit)
        .policy(PolicyEngine.allowAll());
    customize.accept(builder);
    engine = builder.build();
    install("inst-1", type.name(), "{\"endpoint\":\"x\"}");
    assertThat(engine.instances().enable("inst-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  EngineHarness(ConnectorType type) {
    this(type, b -> {});
  }

  LifecycleOutcome install(String id, String type, String config) {
    return engine.instances().install(InstanceDefinition.builder(id, type).config(json(config))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
  }

  Outcome invoke(String operation, String input) {
    return engine.invoke(InvocationRequest.of("inst-1", operation, json(input), ALICE));
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  @Override
  public void close() {
    engine.close();
  }
}
