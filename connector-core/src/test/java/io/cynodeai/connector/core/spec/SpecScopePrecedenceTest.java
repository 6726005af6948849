package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Group versus project precedence for specs (§19.8, docs/tenancy.md): for reaching a spec and its instance the
 * project comes first (every caller acting in it, members of the owning group acting elsewhere not); for
 * changing them the owner comes first (members of the owning group, who must also act in the project); a spec
 * without a project is the owning group's from any project. With an allow-everything policy, so only these
 * rules decide.
 */
@Tag("REQ-DECL-018")
class SpecScopePrecedenceTest {
  private static final JsonNode OBJECT = JsonResources.parse("{\"type\":\"object\"}");
  /** In group ops, acting in project p1. */
  private static final Caller MEMBER_IN_P1 = new Caller("ann", List.of("ops"), "p1");
  /** In group ops, acting in project p2. */
  private static final Caller MEMBER_IN_P2 = new Caller("ann", List.of("ops"), "p2");
  /** Not in group ops, acting in project p1. */
  private static final Caller OUTSIDER_IN_P1 = new Caller("bob", List.of("dev"), "p1");
  /** Not in group ops, acting in project p2. */
  private static final Caller OUTSIDER_IN_P2 = new Caller("bob", List.of("dev"), "p2");

  private ConnectorEngine engine = engine(TenancyRules.strict());

  private static ConnectorEngine engine(TenancyRules rules) {
    ConnectorType notes = ConnectorType.builder("notes", "1.0.0").configSchema("1", OBJECT)
        .operation(OperationDescriptor.builder("read").modes(ExecutionMode.SYNC).requestSchema(OBJECT)
            .responseSchema(OBJECT).handler((ctx, in) -> HandlerResult.of(in)))
        .build();
    return ConnectorEngines.builder().register(notes).policy(PolicyEngine.allowAll()).tenancy(rules).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  /** A spec of {@code name} owned by group ops, in {@code project} (none when null), with config {@code n}. */
  private static SpecSource spec(String name, String project, int n) {
    return new SpecSource(name + ".yaml", """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: %s
          owner: {type: group, id: ops}
        %s
        spec:
          type: notes
          typeVersion: 1
          enabled: true
          config: {n: %d}
        """.formatted(name, project == null ? "" : "  projectId: " + project, n));
  }

  private SpecOutcome apply(String name, String project, int n, Caller caller) {
    return engine.specs().apply(spec(name, project, n), caller);
  }

  private static Failed refusal(SpecOutcome outcome) {
    assertThat(outcome).isInstanceOf(SpecOutcome.Refused.class);
    return ((SpecOutcome.Refused) outcome).failure();
  }

  private int storedN(String name) {
    return engine.specs().get(name, MEMBER_IN_P1).or(() -> engine.specs().get(name, MEMBER_IN_P2)).orElseThrow()
        .spec().config().get("n").asInt();
  }

  private boolean invokes(String name, Caller caller) {
    return engine.invoke(InvocationRequest.of(name, "read", OBJECT, caller)) instanceof Succeeded;
  }

  @Test
  void aProjectScopedGroupSpecIsReachedThroughTheProjectAndChangedByTheGroup() {
    assertThat(apply("mail", "p1", 1, MEMBER_IN_P1)).isInstanceOf(SpecOutcome.Applied.class);

    // Reach: the project decides. Everyone acting in p1 sees and uses it; the group's member acting in p2 does not.
    assertThat(engine.specs().get("mail", OUTSIDER_IN_P1)).isPresent();
    assertThat(invokes("mail", OUTSIDER_IN_P1)).isTrue();
    assertThat(engine.specs().get("mail", MEMBER_IN_P2)).isEmpty();
    assertThat(engine.specs().list(MEMBER_IN_P2)).isEmpty();
    assertThat(invokes("mail", MEMBER_IN_P2)).isFalse();

    // Change: the owner decides, within the project. An outsider in p1 may not; the member in p2 cannot reach it.
    SpecOutcome outsider = apply("mail", "p1", 2, OUTSIDER_IN_P1);
    assertThat(refusal(outsider).failureClass().wireName() + "/" + refusal(outsider).code())
        .isEqualTo("policy_denied/not_owner");
    Failed delete = refusal(engine.specs().delete("mail", OUTSIDER_IN_P1));
    assertThat(delete.failureClass().wireName() + "/" + delete.code() + ": " + delete.message())
        .isEqualTo("policy_denied/not_owner: only members of the owning group may manage this instance");
    SpecOutcome elsewhere = apply("mail", "p1", 3, MEMBER_IN_P2);
    assertThat(((SpecOutcome.Refused) elsewhere).problems()).extracting(SpecProblem::code)
        .contains("instance_exists");
    assertThat(storedN("mail")).as("nothing changed").isEqualTo(1);

    assertThat(apply("mail", "p1", 4, MEMBER_IN_P1)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(storedN("mail")).isEqualTo(4);
  }

  @Test
  void aGroupSpecWithoutAProjectIsTheGroupsFromAnyProjectAndNobodyElses() {
    assertThat(apply("shared", null, 1, MEMBER_IN_P1)).isInstanceOf(SpecOutcome.Applied.class);

    assertThat(engine.specs().get("shared", MEMBER_IN_P2)).isPresent();
    assertThat(invokes("shared", MEMBER_IN_P2)).isTrue();
    assertThat(apply("shared", null, 2, MEMBER_IN_P2)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(storedN("shared")).isEqualTo(2);

    for (Caller outsider : List.of(OUTSIDER_IN_P1, OUTSIDER_IN_P2)) {
      assertThat(engine.specs().get("shared", outsider)).isEmpty();
      assertThat(invokes("shared", outsider)).isFalse();
      assertThat(((SpecOutcome.Refused) apply("shared", null, 3, outsider)).problems())
          .extracting(SpecProblem::code).contains("instance_exists");
    }
    assertThat(storedN("shared")).isEqualTo(2);
  }

  @Test
  void aGroupMemberCannotCreateASpecInAProjectTheyAreNotActingIn() {
    Failed refused = refusal(apply("mail", "p1", 1, MEMBER_IN_P2));
    assertThat(refused.failureClass().wireName() + "/" + refused.code() + ": " + refused.message()).isEqualTo(
        "policy_denied/tenant_boundary: an instance can only be installed into the caller's own project");
    assertThat(engine.specs().get("mail", MEMBER_IN_P1)).isEmpty();
  }

  @Test
  void projectOverrideLetsTheProjectChangeTheGroupsSpec() {
    engine.close();
    engine = engine(TenancyRules.strict().withProjectOverride(true));
    assertThat(apply("mail", "p1", 1, MEMBER_IN_P1)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(apply("mail", "p1", 2, OUTSIDER_IN_P1)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(storedN("mail")).isEqualTo(2);
    ConnectorSpec stored = engine.specs().get("mail", OUTSIDER_IN_P1).orElseThrow();
    assertThat(stored.metadata().owner().id()).as("the owner stays the group").isEqualTo("ops");
    SpecOutcome other = apply("mail", "p1", 3, OUTSIDER_IN_P2);
    assertThat(refusal(other).code()).as("the override is the project's only").isEqualTo("instance_exists");
  }
}
