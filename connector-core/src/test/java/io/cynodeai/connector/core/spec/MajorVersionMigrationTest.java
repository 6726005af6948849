package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * REQ-VER-003: a spec apply moves an instance between minor versions of its type as before, but never across a
 * major version; that takes the explicit {@code InstanceManager.migrate} step, after which the spec with the new
 * pin applies cleanly.
 */
class MajorVersionMigrationTest {
  private static final Caller ALICE = new Caller("alice", List.of("ops"), "proj-a");
  private static final JsonNode OBJECT = JsonResources.parse("{\"type\":\"object\"}");
  /** Version 2 of the type breaks its config schema: {@code region} becomes required. */
  private static final JsonNode V2_CONFIG = JsonResources.parse("""
      {"type":"object","required":["region"],"properties":{"region":{"type":"string"}}}""");

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final Set<Action> asked = ConcurrentHashMap.newKeySet();
  private final ConnectorEngine engine = ConnectorEngines.builder()
      .register(type("1.0.0", OBJECT)).register(type("1.1.0", OBJECT)).register(type("2.0.0", V2_CONFIG))
      .auditSink(audit).policy(ctx -> {
        asked.add(ctx.action());
        return PolicyDecision.allow("test");
      }).build();

  private static ConnectorType type(String version, JsonNode configSchema) {
    return ConnectorType.builder("ledger", version).configSchema(version.substring(0, 1), configSchema)
        .operation(OperationDescriptor.builder("read").modes(ExecutionMode.SYNC).requestSchema(OBJECT)
            .responseSchema(OBJECT).handler((ctx, in) -> HandlerResult.of(in)))
        .build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static SpecSource spec(String pin, String config) {
    return new SpecSource("ledger.yaml", """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: books
          owner: {type: group, id: ops}
          projectId: proj-a
        spec:
          type: ledger
          typeVersion: "%s"
          enabled: true
          config: %s
        """.formatted(pin, config));
  }

  private ConnectorInstance books() {
    return engine.instances().get("books", ALICE).orElseThrow();
  }

  private List<AuditEvent> migrations() {
    return audit.events(e -> e.type() == AuditEventType.LIFECYCLE && "migrate".equals(e.action()));
  }

  @Test
  @Tag("REQ-VER-003")
  void minorMovesStillMigrateInPlaceThroughTheSpec() {
    assertThat(engine.specs().apply(spec("1.0", "{}"), ALICE)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(books().connectorTypeVersion()).isEqualTo("1.0.0");

    assertThat(engine.specs().apply(spec("1", "{}"), ALICE)).isInstanceOf(SpecOutcome.Applied.class);

    assertThat(books().connectorTypeVersion()).isEqualTo("1.1.0");
    assertThat(books().status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(migrations()).hasSize(1);
  }

  @Test
  @Tag("REQ-VER-003")
  void aSpecThatWouldCrossAMajorVersionIsRefusedAndNothingIsApplied() {
    assertThat(engine.specs().apply(spec("1", "{}"), ALICE)).isInstanceOf(SpecOutcome.Applied.class);
    ConnectorInstance before = books();
    ConnectorSpec specBefore = engine.specs().get("books", ALICE).orElseThrow();

    SpecOutcome out = engine.specs().apply(spec("2", "{\"region\":\"eu\"}"), ALICE);

    SpecOutcome.Refused rejected = (SpecOutcome.Refused) out;
    assertThat(rejected.failure().code()).isEqualTo("major_version_change");
    assertThat(rejected.failure().failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(rejected.problems()).singleElement().satisfies(p -> {
      assertThat(p.pointer()).isEqualTo("/spec/typeVersion");
      assertThat(p.code()).isEqualTo("major_version_change");
      assertThat(p.message()).contains("1.1.0", "2.0.0", "InstanceManager.migrate");
    });
    assertThat(((SpecOutcome.Refused) engine.specs().diff(spec("2", "{\"region\":\"eu\"}"), ALICE)).problems())
        .extracting(SpecProblem::code).containsExactly("major_version_change");
    assertThat(books()).isEqualTo(before);
    assertThat(engine.specs().get("books", ALICE)).contains(specBefore);
    assertThat(migrations()).isEmpty();
  }

  @Test
  @Tag("REQ-VER-003")
  void theExplicitMigrateStepValidatesAgainstTheTargetSchemaThenTheNewPinApplies() {
    assertThat(engine.specs().apply(spec("1", "{}"), ALICE)).isInstanceOf(SpecOutcome.Applied.class);
    ConnectorInstance before = books();

    Failed invalid = ((LifecycleOutcome.Refused) engine.instances().migrate("books", "2", ALICE)).failure();
    assertThat(invalid.code()).isEqualTo("invalid_config");
    assertThat(invalid.violations()).isNotEmpty();
    assertThat(invalid.message()).contains("ledger@2.0.0");
    assertThat(books()).isEqualTo(before);
    Failed unknown = ((LifecycleOutcome.Refused) engine.instances().migrate("books", "3", ALICE)).failure();
    assertThat(unknown.code()).isEqualTo("unknown_connector_type");

    asked.clear();
    LifecycleOutcome moved = engine.instances().migrate("books", "2", JsonResources.parse("{\"region\":\"eu\"}"),
        ALICE);

    ConnectorInstance after = ((LifecycleOutcome.Applied) moved).instance();
    assertThat(after.connectorTypeVersion()).isEqualTo("2.0.0");
    assertThat(after.configSchemaVersion()).isEqualTo("2");
    assertThat(after.config()).isEqualTo(JsonResources.parse("{\"region\":\"eu\"}"));
    assertThat(after.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(asked).contains(Action.INSTANCE_MANAGE);
    assertThat(migrations()).last().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.SUCCEEDED);
      assertThat(e.connectorInstanceId()).isEqualTo("books");
      assertThat(e.userId()).isEqualTo("alice");
      assertThat(e.details()).containsEntry("type_version_from", "1.1.0").containsEntry("type_version_to", "2.0.0");
    });

    SpecOutcome applied = engine.specs().apply(spec("2", "{\"region\":\"eu\"}"), ALICE);
    assertThat(applied).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(((SpecOutcome.Applied) applied).changes()).extracting(SpecChange::name).containsExactly("books");
    assertThat(books().connectorTypeVersion()).isEqualTo("2.0.0");
    assertThat(books().status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(((SpecOutcome.Refused) engine.specs().apply(spec("1", "{}"), ALICE)).failure().code())
        .as("and back down across the major is explicit too").isEqualTo("major_version_change");
  }

  @Test
  @Tag("REQ-VER-003")
  @Tag("REQ-TENANT-004")
  void migrateIsOwnerOnlyAndAForeignInstanceIsAnsweredAsMissing() {
    assertThat(engine.specs().apply(spec("1", "{}"), ALICE)).isInstanceOf(SpecOutcome.Applied.class);
    Caller bob = new Caller("bob", List.of("ops"), "proj-b");
    Failed foreign = ((LifecycleOutcome.Refused) engine.instances().migrate("books", "1.0", bob)).failure();
    Failed missing = ((LifecycleOutcome.Refused) engine.instances().migrate("nobody", "1.0", bob)).failure();
    assertThat(foreign.code()).isEqualTo(missing.code()).isEqualTo("unknown_instance");
    assertThat(foreign.message().replace("books", "nobody")).isEqualTo(missing.message());
    Caller carol = new Caller("carol", List.of("dev"), "proj-a");
    assertThat(((LifecycleOutcome.Refused) engine.instances().migrate("books", "1.0", carol)).failure().code())
        .isEqualTo("not_owner");
    assertThat(books().connectorTypeVersion()).isEqualTo("1.1.0");
  }
}
