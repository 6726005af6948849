package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.policy.Policies;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.JsonResources;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A spec's policy narrows what the host's policy allows on its instance, and never grants (§19.6). */
@Tag("REQ-DECL-010")
class SpecPolicyTest {
  private static final Caller OPS = new Caller("ops-bot", List.of("g1"), "p1");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final InMemoryInstanceStore store = new InMemoryInstanceStore();
  private final Set<String> hostDenies = ConcurrentHashMap.newKeySet();
  private final List<PolicyContext> asked = new CopyOnWriteArrayList<>();
  private final PolicyEngine host = ctx -> {
    asked.add(ctx);
    return ctx.operationName() != null && hostDenies.contains(ctx.operationName())
        ? PolicyDecision.deny("host forbids " + ctx.operationName()) : PolicyDecision.allow("host allows");
  };
  private ConnectorEngine engine = engine(host);

  private ConnectorEngine engine(PolicyEngine policy) {
    return ConnectorEngines.builder().register(new MailOpsTestType().type()).instanceStore(store)
        .auditSink(audit).policy(policy).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private SpecOutcome apply(String body) {
    return engine.specs().apply(new SpecSource("ops-mail.yaml", MailOpsTestType.spec("ops-mail", body)), OPS);
  }

  private void applied(String body) {
    assertThat(apply(body)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(store.find("ops-mail").orElseThrow().status()).isEqualTo(InstanceStatus.ACTIVE);
  }

  private Outcome invoke(String operation) {
    return engine.invoke(InvocationRequest.of("ops-mail", operation, JsonResources.parse("{}"), OPS)
        .withIdempotencyKey(java.util.UUID.randomUUID().toString()));
  }

  private static Failed denied(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Failed.class);
    Failed f = (Failed) outcome;
    assertThat(f.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(f.code()).isEqualTo("policy_denied");
    return f;
  }

  private List<SpecProblem> rejected(String body) {
    SpecOutcome out = apply(body);
    assertThat(out).isInstanceOf(SpecOutcome.Refused.class);
    SpecOutcome.Refused r = (SpecOutcome.Refused) out;
    assertThat(r.failure().failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(store.find("ops-mail")).isEmpty();
    assertThat(engine.specs().list(OPS)).isEmpty();
    return r.problems();
  }

  @Test
  void theAllowlistDeniesAnOperationItDoesNotListAndAllowsTheListedOne() {
    applied("policy: {allowOperations: [readInbox]}");
    assertThat(invoke("readInbox")).isInstanceOf(Succeeded.class);
    assertThat(denied(invoke("send")).message())
        .contains("operation 'send' is not in the spec's allowOperations for instance 'ops-mail'");
    assertThat(denied(invoke("listFolders")).message()).contains("operation 'listFolders' is not in");
    // the host was asked first and allowed: the spec narrowed its answer
    assertThat(asked).anyMatch(c -> c.action() == Action.OPERATION_INVOKE && "send".equals(c.operationName()));
    AuditEvent event = audit.events(e -> e.type() == AuditEventType.INVOCATION && "send".equals(e.operation()))
        .get(0);
    assertThat(event.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(event.errorCode()).isEqualTo("policy_denied");
    assertThat(event.policyDecision()).startsWith("deny: operation 'send' is not in the spec's allowOperations");
  }

  @Test
  void theSpecNeverGrantsWhatTheHostDenies() {
    applied("policy: {allowOperations: [readInbox]}");
    hostDenies.add("readInbox");
    assertThat(denied(invoke("readInbox")).message()).contains("host forbids readInbox");
  }

  @Test
  void aReadScopeDeniesMutatingOperationsAndAllowsReadingOnes() {
    applied("policy: {actionScope: [connector.read]}");
    assertThat(invoke("readInbox")).isInstanceOf(Succeeded.class);
    assertThat(invoke("listFolders")).isInstanceOf(Succeeded.class);
    assertThat(denied(invoke("send")).message()).contains("operation 'send' is mutating and the spec's "
        + "actionScope for instance 'ops-mail' grants neither connector.write nor connector.operation.invoke");
  }

  @Test
  void aWriteOnlyScopeDeniesReadingOperations() {
    applied("policy: {actionScope: [connector.write]}");
    assertThat(invoke("send")).isInstanceOf(Succeeded.class);
    assertThat(denied(invoke("readInbox")).message()).contains("'readInbox' is not mutating");
  }

  @Test
  void aBuiltInTemplateIsTheInstancesCeiling() {
    applied("policyTemplate: read-only-notifications");
    assertThat(invoke("readInbox")).isInstanceOf(Succeeded.class);
    assertThat(invoke("listFolders")).isInstanceOf(Succeeded.class);
    assertThat(denied(invoke("send")).message()).contains(
        "operation 'send' is beyond the spec's policyTemplate 'read-only-notifications' for instance 'ops-mail'");
    applied("policyTemplate: operate");
    assertThat(invoke("send")).isInstanceOf(Succeeded.class);
  }

  @Test
  void aTemplateOfTheEnginesRuleBasedPolicyIsAlsoACeiling() {
    engine.close();
    engine = engine(Policies.fromYaml("""
        rules:
          - name: ops
            effect: allow
            groups: [g1]
            actions: [connector.instance.manage, connector.operation.invoke, connector.operation.read]
        templates:
          triage: [{effect: allow, actions: [connector.operation.invoke], operations: [archive]}]
        """));
    applied("policyTemplate: triage");
    assertThat(invoke("archive")).isInstanceOf(Succeeded.class);
    assertThat(denied(invoke("readInbox")).message()).contains("beyond the spec's policyTemplate 'triage'");
    List<SpecProblem> problems = engine.specs().validate(new SpecSource("other.yaml",
        MailOpsTestType.spec("other", "policyTemplate: triage-v2"))).problems();
    assertThat(problems).extracting(SpecProblem::code).containsExactly("unknown_policy_template");
    assertThat(problems.get(0).message()).contains("[manage, operate, read-only-notifications, triage]");
  }

  @Test
  void anUnknownScopeIsRefusedAtItsPathAndNothingIsApplied() {
    List<SpecProblem> problems = rejected("policy: {actionScope: [connector.read, connector.admin]}");
    assertThat(problems).extracting(SpecProblem::pointer, SpecProblem::code)
        .containsExactly(tuple("/spec/policy/actionScope/1", "unknown_action_scope"));
    assertThat(problems.get(0).message()).contains("'connector.admin' is not an action scope")
        .contains("connector.read, connector.write, connector.operation.invoke, connector.operation.read");
  }

  @Test
  void anUnknownTemplateIsRefusedAtItsPathAndNothingIsApplied() {
    List<SpecProblem> problems = rejected("policyTemplate: read-mostly");
    assertThat(problems).extracting(SpecProblem::pointer, SpecProblem::code)
        .containsExactly(tuple("/spec/policyTemplate", "unknown_policy_template"));
    assertThat(problems.get(0).message()).contains("no policy template 'read-mostly'")
        .contains("read-only-notifications");
  }

  @Test
  void aMutatingOperationListedWithoutAWriteScopeIsRefusedNamingTheOperation() {
    List<SpecProblem> problems = rejected(
        "policy: {allowOperations: [readInbox, send], actionScope: [connector.read]}");
    assertThat(problems).extracting(SpecProblem::pointer, SpecProblem::code)
        .containsExactly(tuple("/spec/policy/allowOperations/1",
            "operation_outside_scope"));
    assertThat(problems.get(0).message()).contains("operation 'send' is mutating");
    assertThat(engine.specs().validate(new SpecSource("ok.yaml", MailOpsTestType.spec("ops-mail",
        "policy: {allowOperations: [readInbox, send], actionScope: [connector.read, connector.write]}"))).valid())
        .isTrue();
  }

  @Test
  void reapplyingAChangedPolicyTakesEffectAtOnce() {
    applied("policy: {allowOperations: [readInbox]}");
    denied(invoke("send"));
    applied("policy: {allowOperations: [readInbox, send]}");
    assertThat(invoke("send")).isInstanceOf(Succeeded.class);
    applied("policy: {allowOperations: [send]}");
    denied(invoke("readInbox"));
    applied("policy: {actionScope: [connector.operation.invoke]}");
    assertThat(invoke("readInbox")).isInstanceOf(Succeeded.class);
    assertThat(invoke("archive")).isInstanceOf(Succeeded.class);
  }

  @Test
  void deletingTheSpecRemovesTheBinding() {
    applied("policy: {allowOperations: [readInbox]}");
    denied(invoke("send"));
    assertThat(engine.specs().delete("ops-mail", OPS)).isInstanceOf(SpecOutcome.Applied.class);
    // the host brings the instance back by hand, outside any spec: no spec policy applies to it any more
    var deleted = store.find("ops-mail").orElseThrow();
    assertThat(deleted.deleted()).isTrue();
    store.replace(deleted.withDeletedAt(null).withStatus(InstanceStatus.ACTIVE));
    assertThat(invoke("send")).isInstanceOf(Succeeded.class);
  }

  @Test
  void asyncJobsAreNarrowedToo() {
    applied("policy: {allowOperations: [readInbox]}");
    JobService.Submission refused = engine.jobs().submit(InvocationRequest.of("ops-mail", "send",
        JsonResources.parse("{}"), OPS).withIdempotencyKey("k-1"));
    assertThat(refused).isInstanceOfSatisfying(JobService.Submission.Refused.class, r -> {
      assertThat(r.failure().failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(r.failure().message()).contains("operation 'send' is not in the spec's allowOperations");
    });
    assertThat(engine.jobs().submit(InvocationRequest.of("ops-mail", "readInbox", JsonResources.parse("{}"), OPS)))
        .isInstanceOf(JobService.Submission.Accepted.class);
  }
}
