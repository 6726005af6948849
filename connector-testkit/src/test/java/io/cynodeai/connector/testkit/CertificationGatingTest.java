package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.catalog.Certification;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certification before general availability (§15): the record a passing testkit run leaves is what an engine
 * that requires certification accepts, for that exact descriptor only.
 */
@Tag("REQ-CERT-005")
class CertificationGatingTest {
  private static final Caller OPS = Caller.user("ops", "proj");
  private static Certification certified;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void certify(@TempDir Path dir) throws Exception {
    CertificationReport report = ConnectorCertification.of(notes(greet())).config(CONFIG).offline("greet").run();
    assertThat(report.passed()).as(report.toText()).isTrue();
    Path file = Files.writeString(dir.resolve("notes-1.0.0.certification.json"), report.certification().toJson());
    certified = Certification.read(file);
  }

  private ConnectorEngine engine(ConnectorType type, List<Certification> records) {
    return ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll()).auditSink(audit::add)
        .requireCertification(records).build();
  }

  private static LifecycleOutcome installAndEnable(ConnectorEngine engine) {
    engine.instances().install(InstanceDefinition.builder("n1", "notes").config(CONFIG)
        .owner(OwnerScope.user("ops")).projectId("proj").build(), OPS);
    return engine.instances().enable("n1", OPS);
  }

  @Test
  void theRecordOfAPassingRunRoundTripsAndNamesTheDescriptor() {
    assertThat(certified.passed()).isTrue();
    assertThat(certified.coordinates()).isEqualTo("notes@1.0.0");
    assertThat(certified.descriptorDigest()).isEqualTo(Certification.digest(notes(greet())))
        .hasSize(64);
    assertThat(Certification.fromJson(certified.toJson())).isEqualTo(certified);
    assertThatThrownBy(() -> Certification.fromJson("{\"connectorType\":\"notes\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no version");
    assertThatThrownBy(() -> new Certification("notes", "1.0.0", "d", certified.certifiedAt(), true, 3, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCertifiedTypeIsEnabledAndServesCalls() {
    try (ConnectorEngine engine = engine(notes(greet()), List.of(certified))) {
      assertThat(installAndEnable(engine)).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(engine.instances().get("n1", OPS).orElseThrow().status()).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(engine.invoke(InvocationRequest.of("n1", "greet", JsonResources.parse("{\"text\":\"Ada\"}"),
          OPS))).isInstanceOf(Succeeded.class);
    }
  }

  @Test
  void aChangedDescriptorNeedsANewCertification() {
    ConnectorType changed = notes(greet().maxTimeout(Duration.ofSeconds(2)));
    assertThat(Certification.digest(changed)).isNotEqualTo(certified.descriptorDigest());
    assertThat(Certification.digest(notes(greet()).toBuilder().credentialKey("apiKey", "the key", true).build()))
        .as("a newly declared credential key is a changed descriptor").isNotEqualTo(certified.descriptorDigest());
    try (ConnectorEngine engine = engine(changed, List.of(certified))) {
      LifecycleOutcome.Refused refused = (LifecycleOutcome.Refused) installAndEnable(engine);
      assertThat(refused.failure().failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(refused.failure().code()).isEqualTo("not_certified");
      assertThat(refused.failure().message()).contains("no passing certification for this descriptor");
      assertThat(engine.instances().get("n1", OPS).orElseThrow().status()).isNotEqualTo(InstanceStatus.ACTIVE);
      assertThat(audit).anyMatch(e -> e.action().equals("enable") && "not_certified".equals(e.errorCode()));
    }
  }

  @Test
  void withoutAPassingRecordNothingIsEnabledNotEvenThroughASpec() {
    Certification failed = new Certification("notes", "1.0.0", certified.descriptorDigest(),
        certified.certifiedAt(), false, 10, 1);
    try (ConnectorEngine engine = engine(notes(greet()), List.of(failed))) {
      LifecycleOutcome.Refused refused = (LifecycleOutcome.Refused) installAndEnable(engine);
      assertThat(refused.failure().code()).isEqualTo("not_certified");

      SpecOutcome out = engine.specs().apply(SpecSource.of("""
          apiVersion: cynodeai.io/v1alpha1
          kind: Connector
          metadata: {name: n2, owner: {type: user, id: ops}, projectId: proj}
          spec: {type: notes, typeVersion: "1", enabled: true, config: {greeting: Hi}}
          """), OPS);
      assertThat(((SpecOutcome.Refused) out).failure().code()).isEqualTo("not_certified");
      assertThat(engine.specs().get("n2", OPS)).isEmpty();
      assertThat(engine.instances().get("n2", OPS)).isEmpty();
    }
  }
}
