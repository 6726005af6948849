package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PolicyHookTest {
  private static final Caller BOB = new Caller("bob", List.of("g1", "g2"), "proj-b");

  @Test
  @Tag("REQ-POLICY-001")
  void everyCallIsEvaluatedWithTheFullContextAndTheDecisionIsAudited() {
    List<PolicyContext> seen = new CopyOnWriteArrayList<>();
    AtomicInteger handlerCalls = new AtomicInteger();
    RecordingAuditSink audit = new RecordingAuditSink();
    try (ConnectorEngine engine = ConnectorEngines.builder()
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
          handlerCalls.incrementAndGet();
          return HandlerResult.of(in);
        })).build())
        .auditSink(audit)
        .policy(ctx -> {
          seen.add(ctx);
          return ctx.action() == Action.OPERATION_INVOKE ? PolicyDecision.deny("bob may not invoke echo")
              : PolicyDecision.allow("managers may manage");
        }).build()) {
      engine.instances().install(InstanceDefinition.builder("i1", "echo").config(json("{\"endpoint\":\"e\"}"))
          .owner(OwnerScope.user("bob")).projectId("proj-b").build(), BOB);
      assertThat(engine.instances().enable("i1", BOB)).isInstanceOf(LifecycleOutcome.Applied.class);

      Failed f = (Failed) engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), BOB));
      assertThat(f.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(f.message()).isEqualTo("denied by policy: bob may not invoke echo");
      assertThat(handlerCalls).hasValue(0);
      assertThat(seen.get(seen.size() - 1)).isEqualTo(new PolicyContext(Action.OPERATION_INVOKE, "bob",
          List.of("g1", "g2"), "proj-b", "i1", "echo", "echo", ExecutionMode.SYNC));
      assertThat(seen.get(0).action()).isEqualTo(Action.INSTANCE_MANAGE);
      assertThat(audit.last().policyDecision()).isEqualTo("deny: bob may not invoke echo");
      assertThat(audit.last().outcome()).isEqualTo("policy_denied");
    }
  }

  @Test
  @Tag("REQ-POLICY-001")
  void engineWithoutAPolicyDeniesByDefault() {
    try (ConnectorEngine engine = ConnectorEngines.builder()
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build()).build()) {
      LifecycleOutcome out = engine.instances().install(InstanceDefinition.builder("i1", "echo")
          .config(json("{\"endpoint\":\"e\"}")).owner(OwnerScope.user("bob")).build(), BOB);
      Failed f = ((LifecycleOutcome.Refused) out).failure();
      assertThat(f.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(f.message()).isEqualTo("denied by policy: no policy engine configured (default deny)");
    }
  }

  @Test
  @Tag("REQ-POLICY-001")
  void throwingPolicyEngineIsADenial() {
    try (ConnectorEngine engine = ConnectorEngines.builder()
        .register(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build())
        .policy(ctx -> {
          throw new IllegalStateException("rules unavailable");
        }).build()) {
      Failed f = (Failed) engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), BOB));
      // The instance does not exist, but resolution happens first; an unknown instance is still refused.
      assertThat(f.code()).isEqualTo("unknown_instance");
      LifecycleOutcome out = engine.instances().install(InstanceDefinition.builder("i1", "echo")
          .config(json("{\"endpoint\":\"e\"}")).owner(OwnerScope.user("bob")).build(), BOB);
      assertThat(((LifecycleOutcome.Refused) out).failure().message())
          .isEqualTo("denied by policy: policy engine failed (IllegalStateException)");
    }
  }
}
