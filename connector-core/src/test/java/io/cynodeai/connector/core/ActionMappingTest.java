package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.policy.Policies;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ActionMappingTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private final List<PolicyContext> seen = new CopyOnWriteArrayList<>();

  private ConnectorEngine engine() {
    return ConnectorEngines.builder()
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build())
        .auditSink(new RecordingAuditSink())
        .policy(ctx -> {
          seen.add(ctx);
          return PolicyDecision.allow("test");
        }).build();
  }

  private List<Action> actionsOf(Consumer<ConnectorEngine> call, ConnectorEngine engine) {
    seen.clear();
    call.accept(engine);
    return seen.stream().map(PolicyContext::action).toList();
  }

  @Test
  @Tag("REQ-POLICY-002")
  void eachEngineApiIsAuthorizedForExactlyOneAction() {
    try (ConnectorEngine engine = engine()) {
      assertThat(actionsOf(e -> e.instances().install(InstanceDefinition.builder("i1", "echo")
          .config(json("{\"endpoint\":\"e\"}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE),
          engine)).containsExactly(Action.INSTANCE_MANAGE);
      assertThat(actionsOf(e -> e.instances().updateConfig("i1", json("{\"endpoint\":\"f\"}"), ALICE), engine))
          .containsExactly(Action.INSTANCE_MANAGE);
      assertThat(actionsOf(e -> e.instances().enable("i1", ALICE), engine)).containsExactly(Action.INSTANCE_MANAGE);
      assertThat(actionsOf(e -> assertThat(e.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"),
          ALICE))).isInstanceOf(Succeeded.class), engine)).containsExactly(Action.OPERATION_INVOKE);
      assertThat(actionsOf(e -> e.instances().get("i1", ALICE), engine)).containsExactly(Action.OPERATION_READ);
      assertThat(actionsOf(e -> e.instances().list(ALICE), engine)).containsExactly(Action.OPERATION_READ);
      assertThat(actionsOf(e -> e.instances().disable("i1", ALICE), engine)).containsExactly(Action.INSTANCE_MANAGE);
      assertThat(actionsOf(e -> e.instances().uninstall("i1", ALICE), engine))
          .containsExactly(Action.INSTANCE_MANAGE);
    }
  }

  @Test
  @Tag("REQ-POLICY-003")
  void theRuleBasedPolicyGovernsAnEngine() {
    try (ConnectorEngine engine = ConnectorEngines.builder()
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build())
        .auditSink(new RecordingAuditSink())
        .policy(Policies.fromYaml("""
            rules:
              - {name: admins, effect: allow, users: [alice], actions: [connector.instance.manage]}
              - {name: readers, effect: allow, groups: [ops], actions: [connector.operation.invoke],
                 operations: [echo]}
            """)).build()) {
      engine.instances().install(InstanceDefinition.builder("i1", "echo").config(json("{\"endpoint\":\"e\"}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      engine.instances().enable("i1", ALICE);
      assertThat(engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), ALICE)))
          .extracting("message").isEqualTo("denied by policy: no rule allows connector.operation.invoke (default deny)");
      Caller bob = new Caller("bob", List.of("ops"), "proj-a");
      assertThat(engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), bob)))
          .isInstanceOf(Succeeded.class);
    }
  }

  @Test
  @Tag("REQ-POLICY-001")
  void aThrowingPolicyEngineFailsClosedAndTheDenialIsAudited() {
    RecordingAuditSink audit = new RecordingAuditSink();
    java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
    try (ConnectorEngine engine = ConnectorEngines.builder()
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build())
        .auditSink(audit)
        .policy(ctx -> {
          if (broken.get()) {
            throw new IllegalStateException("rules store down");
          }
          return PolicyDecision.allow("ok");
        }).build()) {
      engine.instances().install(InstanceDefinition.builder("i1", "echo").config(json("{\"endpoint\":\"e\"}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      engine.instances().enable("i1", ALICE);
      broken.set(true);
      assertThat(engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), ALICE)))
          .extracting("code").isEqualTo("policy_denied");
      assertThat(audit.last().policyDecision()).isEqualTo("deny: policy engine failed (IllegalStateException)");
      assertThat(audit.last().outcome()).isEqualTo("policy_denied");
    }
  }
}
