package io.cynodeai.connector.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The hard project boundary holds for every API, even under an allow-everything policy. */
class TenantIsolationTest {
  private static final JsonNode CONFIG = JsonResources.parse("{}");
  private static final JsonNode INPUT = JsonResources.parse("{}");
  private static final ConnectorType TYPE = ConnectorType.builder("echo", "1.0.0")
      .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
      .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC)
          .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
          .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
          .handler((ctx, in) -> HandlerResult.of(in)))
      .build();
  private static final Caller ALICE_A = new Caller("alice", List.of("ops"), "proj-a");
  private static final Caller BOB_B = new Caller("bob", List.of("ops"), "proj-b");
  private static final Caller CAROL_A = new Caller("carol", List.of(), "proj-a");

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private ConnectorEngine engine = engine(TenancyRules.strict());

  private ConnectorEngine engine(TenancyRules rules) {
    return ConnectorEngines.builder().register(TYPE).auditSink(audit).policy(PolicyEngine.allowAll())
        .tenancy(rules).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private LifecycleOutcome install(String id, OwnerScope owner, String project, Caller caller) {
    return engine.instances().install(InstanceDefinition.builder(id, "echo").config(CONFIG).owner(owner)
        .projectId(project).build(), caller);
  }

  private void installActive(String id, OwnerScope owner, String project, Caller caller) {
    assertThat(install(id, owner, project, caller)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable(id, caller)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  private Outcome invoke(String id, Caller caller) {
    return engine.invoke(InvocationRequest.of(id, "echo", INPUT, caller).withRequestId("r"));
  }

  private static Failed rejection(LifecycleOutcome out) {
    return ((LifecycleOutcome.Refused) out).failure();
  }

  @Test
  @Tag("REQ-TENANT-003")
  @Tag("REQ-TENANT-004")
  void aCallerInAnotherProjectCannotReachAnInstanceThroughAnyApiAndCannotTellItExists() {
    installActive("a-mail", OwnerScope.group("ops"), "proj-a", ALICE_A);
    // bob is in the owning group too, but acts in project B: the project boundary wins
    Failed probe = (Failed) invoke("a-mail", BOB_B);
    Failed missing = (Failed) invoke("no-such", BOB_B);
    assertThat(probe).isEqualTo(Failed.of(FailureClass.VALIDATION_ERROR, "unknown_instance",
        "no connector instance 'a-mail'"));
    assertThat(missing.withRetryAfter(null)).isEqualTo(Failed.of(FailureClass.VALIDATION_ERROR, "unknown_instance",
        "no connector instance 'no-such'"));
    assertThat(engine.instances().get("a-mail", BOB_B)).isEmpty();
    assertThat(engine.instances().list(BOB_B)).isEmpty();
    for (Function<String, LifecycleOutcome> change : List.<Function<String, LifecycleOutcome>>of(
        id -> engine.instances().updateConfig(id, CONFIG, BOB_B),
        id -> engine.instances().enable(id, BOB_B),
        id -> engine.instances().disable(id, BOB_B),
        id -> engine.instances().uninstall(id, BOB_B))) {
      Failed refused = rejection(change.apply("a-mail"));
      Failed absent = rejection(change.apply("no-such"));
      assertThat(refused.code()).isEqualTo(absent.code()).isEqualTo("unknown_instance");
      assertThat(refused.message()).isEqualTo("no connector instance 'a-mail'");
    }
    assertThat(rejection(install("b-mail", OwnerScope.group("ops"), "proj-a", BOB_B)).code())
        .isEqualTo("tenant_boundary");
    assertThat(invoke("a-mail", ALICE_A)).isInstanceOf(Succeeded.class);
    assertThat(engine.instances().list(ALICE_A)).extracting(ConnectorInstance::id).containsExactly("a-mail");
    assertThat(audit.events(e -> "unknown_instance".equals(e.errorCode()) && e.details().containsKey(
        "tenant_boundary"))).hasSize(1);
  }

  @Test
  @Tag("REQ-TENANT-001")
  void aGroupOwnedInstanceWithAProjectIsProjectScopedAndOneWithoutIsSharedWithTheGroup() {
    installActive("shared", OwnerScope.group("ops"), null, ALICE_A);
    Caller daveInOpsElsewhere = new Caller("dave", List.of("ops"), "proj-z");
    Caller eveNotInOps = new Caller("eve", List.of("dev"), "proj-a");
    assertThat(invoke("shared", daveInOpsElsewhere)).isInstanceOf(Succeeded.class);
    assertThat(invoke("shared", BOB_B)).isInstanceOf(Succeeded.class);
    assertThat(((Failed) invoke("shared", eveNotInOps)).code()).isEqualTo("unknown_instance");
    assertThat(engine.instances().list(eveNotInOps)).isEmpty();
  }

  @Test
  @Tag("REQ-TENANT-002")
  void aProjectMayUseButNotOverrideAGroupOwnedInstanceUnlessOverrideIsAllowed() {
    installActive("a-mail", OwnerScope.group("ops"), "proj-a", ALICE_A);
    assertThat(invoke("a-mail", CAROL_A)).isInstanceOf(Succeeded.class);
    Failed refused = rejection(engine.instances().disable("a-mail", CAROL_A));
    assertThat(refused).isEqualTo(Failed.of(FailureClass.POLICY_DENIED, "not_owner",
        "only members of the owning group may manage this instance"));
    engine.close();
    engine = engine(TenancyRules.strict().withProjectOverride(true));
    installActive("a-mail", OwnerScope.group("ops"), "proj-a", ALICE_A);
    assertThat(engine.instances().disable("a-mail", CAROL_A)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  @Test
  @Tag("REQ-TENANT-003")
  void aProjectGrantOpensTheBoundaryOnlyForItsActions() {
    engine.close();
    engine = engine(TenancyRules.strict().withGrant("proj-b", "proj-a", Action.OPERATION_READ));
    installActive("a-mail", OwnerScope.group("ops"), "proj-a", ALICE_A);
    assertThat(engine.instances().get("a-mail", BOB_B)).isPresent();
    assertThat(((Failed) invoke("a-mail", BOB_B)).code()).isEqualTo("unknown_instance");
    assertThat(engine.instances().get("a-mail", new Caller("x", List.of(), "proj-c"))).isEmpty();
  }

  @Test
  @Tag("REQ-TENANT-004")
  void aUserOwnedInstanceWithoutAProjectIsReachableByItsOwnerOnly() {
    Caller alone = Caller.user("alice", null);
    installActive("mine", OwnerScope.user("alice"), null, alone);
    assertThat(invoke("mine", ALICE_A)).isInstanceOf(Succeeded.class);
    assertThat(((Failed) invoke("mine", Caller.user("mallory", null))).code()).isEqualTo("unknown_instance");
    assertThat(rejection(install("theirs", OwnerScope.user("bob"), null, alone)))
        .isEqualTo(Failed.of(FailureClass.POLICY_DENIED, "tenant_boundary", "the caller is not the owning user"));
  }

  @Test
  void singleTenantRulesLetEveryCallerReachAndManageEveryInstance() {
    engine.close();
    engine = engine(TenancyRules.singleTenant());
    installActive("a1", OwnerScope.user("alice"), "proj-a", ALICE_A);
    assertThat(invoke("a1", BOB_B)).isInstanceOf(Succeeded.class);
    assertThat(engine.instances().get("a1", BOB_B)).isPresent();
    assertThat(engine.instances().disable("a1", BOB_B)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(install("b1", OwnerScope.user("alice"), "proj-a", BOB_B))
        .isInstanceOf(LifecycleOutcome.Applied.class);
  }
}
