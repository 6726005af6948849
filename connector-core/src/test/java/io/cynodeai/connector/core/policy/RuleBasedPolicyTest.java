package io.cynodeai.connector.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleBasedPolicyTest {
  private static final String DOC = """
      rules:
        - name: ops-read
          effect: allow
          groups: [ops]
          projects: [proj-a]
          actions: [connector.operation.invoke, connector.operation.read]
          operations: ["read*", "list*"]
        - name: no-prod-mail
          effect: deny
          users: ["*"]
          instances: ["prod-*"]
          types: [imap]
          actions: ["*"]
        - name: alice-manages
          effect: allow
          users: [alice]
          actions: [connector.instance.manage]
      """;

  private static PolicyContext invoke(String user, List<String> groups, String project, String instance,
      String type, String operation) {
    return new PolicyContext(Action.OPERATION_INVOKE, user, groups, project, instance, type, operation,
        ExecutionMode.SYNC);
  }

  @Test
  @Tag("REQ-POLICY-003")
  void aGroupRuleAllowsMatchingOperationsInItsProjectOnly() {
    RuleBasedPolicy policy = Policies.fromYaml(DOC);
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "proj-a", "mail", "imap", "readInbox")))
        .isEqualTo(PolicyDecision.allow("allowed by rule 'ops-read'"));
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "proj-b", "mail", "imap", "readInbox")))
        .isEqualTo(PolicyDecision.deny("no rule allows connector.operation.invoke (default deny)"));
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "proj-a", "mail", "imap", "send")).allowed()).isFalse();
    assertThat(policy.evaluate(invoke("bob", List.of("dev"), "proj-a", "mail", "imap", "readInbox")).allowed())
        .isFalse();
  }

  @Test
  @Tag("REQ-POLICY-003")
  void denyWinsOverAnyAllow() {
    RuleBasedPolicy policy = Policies.fromYaml(DOC);
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "proj-a", "prod-mail", "imap", "readInbox")))
        .isEqualTo(PolicyDecision.deny("denied by rule 'no-prod-mail'"));
  }

  @Test
  @Tag("REQ-POLICY-003")
  void aRuleConstrainingAFieldNeverMatchesAContextWithoutIt() {
    RuleBasedPolicy policy = Policies.fromYaml(DOC);
    PolicyContext noProject = invoke("bob", List.of("ops"), null, "mail", "imap", "readInbox");
    assertThat(policy.evaluate(noProject).allowed()).isFalse();
    PolicyContext manage = new PolicyContext(Action.INSTANCE_MANAGE, "alice", List.of(), null, "mail", null, null,
        null);
    assertThat(policy.evaluate(manage)).isEqualTo(PolicyDecision.allow("allowed by rule 'alice-manages'"));
  }

  @Test
  @Tag("REQ-POLICY-003")
  void anEmptyPolicyDeniesEverything() {
    assertThat(Policies.empty().evaluate(invoke("bob", List.of(), "p", "i", "t", "o")))
        .isEqualTo(PolicyDecision.deny("no rule allows connector.operation.invoke (default deny)"));
  }

  @Test
  @Tag("REQ-POLICY-003")
  void anInstanceBoundToATemplateGrantsItsSubjectsOnlyWhatTheTemplateAllows() {
    RuleBasedPolicy policy = Policies.fromYaml("""
        instances:
          ops-mail: {template: read-only-notifications, groups: [ops]}
        """);
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "p", "ops-mail", "imap", "readInbox")))
        .isEqualTo(PolicyDecision.allow(
            "allowed by binding of template 'read-only-notifications' on instance 'ops-mail'"));
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "p", "ops-mail", "imap", "send")).allowed()).isFalse();
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "p", "other", "imap", "readInbox")).allowed()).isFalse();
    assertThat(policy.evaluate(invoke("eve", List.of("dev"), "p", "ops-mail", "imap", "readInbox")).allowed())
        .isFalse();
  }

  @Test
  @Tag("REQ-POLICY-003")
  void anInstanceAllowlistDeniesEveryOtherOperationWhateverTheRulesAllow() {
    RuleBasedPolicy policy = Policies.fromJson("""
        {"rules":[{"effect":"allow","users":["*"],"actions":["*"]}],
         "instances":{"ops-mail":{"allowOperations":["readInbox"]}}}""");
    assertThat(policy.evaluate(invoke("bob", List.of(), "p", "ops-mail", "imap", "readInbox")).allowed()).isTrue();
    assertThat(policy.evaluate(invoke("bob", List.of(), "p", "ops-mail", "imap", "send")))
        .isEqualTo(PolicyDecision.deny("operation 'send' is not in the allowlist of instance 'ops-mail'"));
    assertThat(policy.evaluate(invoke("bob", List.of(), "p", "other", "imap", "send")).allowed()).isTrue();
  }

  @Test
  @Tag("REQ-POLICY-003")
  void bindingAnInstanceLaterReturnsANewPolicyAndLeavesTheOldOneAlone() {
    RuleBasedPolicy before = Policies.empty();
    RuleBasedPolicy after = before.withInstance("m", InstancePolicy.template("operate", "ops"));
    PolicyContext ctx = invoke("bob", List.of("ops"), "p", "m", "imap", "send");
    assertThat(after.evaluate(ctx).allowed()).isTrue();
    assertThat(before.evaluate(ctx).allowed()).isFalse();
    assertThat(after.withoutInstance("m").evaluate(ctx).allowed()).isFalse();
  }

  @Test
  @Tag("REQ-POLICY-003")
  void anUnknownTemplateIsRefusedAndTheRunningPolicyIsUnchanged() {
    RuleBasedPolicy policy = Policies.empty().withInstance("m", InstancePolicy.template("operate", "ops"));
    assertThatThrownBy(() -> policy.withInstance("m", InstancePolicy.template("read-everything", "ops")))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("invalid policy binding for instance 'm': 1 problem(s): template: unknown template "
            + "'read-everything' (known: [manage, operate, read-only-notifications])");
    assertThat(policy.evaluate(invoke("bob", List.of("ops"), "p", "m", "t", "send")).allowed()).isTrue();
  }

  @Test
  @Tag("REQ-POLICY-003")
  void everyProblemOfAMalformedDocumentIsReportedWithItsLocation() {
    assertThatThrownBy(() -> Policies.fromYaml("""
        rules:
          - effect: permit
            users: [bob]
            actions: [connector.operation.run]
          - effect: allow
            actions: [connector.operation.invoke]
            operation: [x]
        templates:
          operate: [{effect: allow, actions: ["*"]}]
        instances:
          m: {template: nope, groups: [g]}
          n: {}
        """))
        .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.problems()).containsExactly(
            "rules[0].effect: must be 'allow' or 'deny', not 'permit'",
            "rules[0].actions: unknown action 'connector.operation.run'",
            "rules[1]: unknown field 'operation' (known: [actions, effect, groups, instances, modes, name, "
                + "operations, projects, types, users])",
            "rules[1]: names no subject (give 'users' or 'groups'; \"*\" means everyone)",
            "instances.n: gives neither 'template' nor 'allowOperations'"));
  }

  @Test
  @Tag("REQ-POLICY-003")
  void templateProblemsAreFoundOnceTheRulesAreWellFormed() {
    assertThatThrownBy(() -> Policies.fromYaml("""
        templates:
          operate: [{effect: allow, actions: ["*"]}]
        instances:
          m: {template: nope, groups: [g]}
        """))
        .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.problems()).containsExactly(
            "templates.operate: redefines a built-in template",
            "instances.m.template: unknown template 'nope' (known: [manage, operate, read-only-notifications])"));
  }

  @Test
  void aDocumentThatIsNotWellFormedNamesTheLine() {
    assertThatThrownBy(() -> Policies.fromJson("{\"rules\": [}"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageStartingWith("invalid policy document: not well-formed at line 1, column 12");
    assertThatThrownBy(() -> Policies.fromYaml("rules: []\nrules: []\n"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("Duplicate field 'rules'");
  }

  @Test
  void aPolicyFileIsReadFromDisk(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), DOC);
    assertThat(Policies.fromYaml(file).evaluate(invoke("bob", List.of("ops"), "proj-a", "m", "imap", "listX"))
        .allowed()).isTrue();
    Path json = Files.writeString(dir.resolve("policy.json"), "{\"rules\":[]}");
    assertThat(Policies.fromJson(json).templates()).containsExactly("manage", "operate", "read-only-notifications");
  }

  @Test
  @Tag("REQ-DECL-010")
  void aTemplateEvaluatedAsACeilingIgnoresSubjectsButKeepsItsOtherConstraints() {
    RuleBasedPolicy policy = Policies.fromYaml("""
        templates:
          triage:
            - {effect: allow, actions: [connector.operation.invoke], operations: ["arch*", label]}
            - {effect: deny, actions: [connector.operation.invoke], operations: [archiveAll]}
        """);
    assertThat(policy.evaluateTemplate("triage", invoke("anyone", List.of(), "p", "m", "imap", "archive")))
        .contains(PolicyDecision.allow("allowed by template 'triage'"));
    assertThat(policy.evaluateTemplate("triage", invoke("anyone", List.of(), "p", "m", "imap", "archiveAll")))
        .contains(PolicyDecision.deny("denied by template 'triage'"));
    assertThat(policy.evaluateTemplate("triage", invoke("anyone", List.of(), "p", "m", "imap", "send")))
        .contains(PolicyDecision.deny("template 'triage' does not allow connector.operation.invoke of 'send'"));
    assertThat(policy.evaluateTemplate("read-only-notifications",
        invoke("anyone", List.of(), "p", "m", "imap", "readInbox")).orElseThrow().allowed()).isTrue();
    assertThat(policy.evaluateTemplate("nope", invoke("anyone", List.of(), "p", "m", "imap", "readInbox")))
        .isEmpty();
    // evaluating a template never grants through the policy itself: nobody is bound to it
    assertThat(policy.evaluate(invoke("anyone", List.of(), "p", "m", "imap", "archive")).allowed()).isFalse();
  }
}
