package io.cynodeai.connector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.sandbox.internal.DescriptorLoader;
import io.cynodeai.connector.sandbox.internal.IsolationSupport;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A host that accepts a weaker isolation is told so on every audit event of a sandboxed call, whatever the call
 * came to: succeeded, refused by validation, failed in the connector, or failed in the child. The calls run in
 * real (weaker-mode) children through a real engine.
 */
@Tag("REQ-GOV-008")
class WeakerIsolationAuditTest {
  static final String MODE = "weaker isolation (OS boundary unavailable: bubblewrap (bwrap) is not installed)";
  static RecordingAuditSink audit;
  static ConnectorEngine engine;

  @BeforeAll
  static void start() throws Exception {
    IsolationSupport.Unavailable missing = new IsolationSupport.Unavailable("bubblewrap (bwrap) is not installed",
        null);
    ConnectorType type = SandboxedConnectors.load(UntrustedConnector.class.getName(),
        List.of(SandboxedEngineTest.fixtures()), SandboxedEngineTest.LIMITS.withAllowWeakerIsolation(true), null,
        missing);
    audit = new RecordingAuditSink();
    engine = ConnectorEngines.builder().register(type).auditSink(audit).policy(PolicyEngine.allowAll())
        .egress(instance -> EgressPolicy.denyAll()).build();
    assertThat(engine.instances().install(InstanceDefinition.builder("weak-1", "untrusted")
        .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(),
        SandboxedEngineTest.ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable("weak-1", SandboxedEngineTest.ALICE))
        .isInstanceOf(LifecycleOutcome.Applied.class);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static Outcome invoke(String operation, String input) {
    audit.clear();
    return engine.invoke(InvocationRequest.of("weak-1", operation, JsonResources.parse(input),
        SandboxedEngineTest.ALICE));
  }

  static AuditEvent invocationEvent() {
    List<AuditEvent> events = audit.events(e -> e.type() == AuditEventType.INVOCATION);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  static void namesTheMode(AuditEvent event) {
    assertThat(event.details()).hasEntrySatisfying(DescriptorLoader.ISOLATION_DETAIL,
        v -> assertThat(v).startsWith(MODE));
  }

  @Test
  void aFailedCallNamesTheWeakerModeOnItsAuditEvent() {
    Outcome outcome = invoke("secret", "{}");

    assertThat(outcome).isInstanceOf(Failed.class); // the instance has no credentials to lease
    AuditEvent event = invocationEvent();
    assertThat(event.outcome()).isNotEqualTo(AuditEvent.SUCCEEDED);
    namesTheMode(event);
  }

  @Test
  void aCallDeniedItsNetworkNamesTheWeakerModeOnItsAuditEvent() {
    Outcome outcome = invoke("fetch", "{\"url\":\"http://127.0.0.1:9/\"}");

    assertThat(outcome).isInstanceOfSatisfying(Failed.class,
        f -> assertThat(f.failureClass()).isEqualTo(FailureClass.POLICY_DENIED));
    AuditEvent event = invocationEvent();
    assertThat(event.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    namesTheMode(event);
  }

  @Test
  void aCallRefusedBeforeTheChildRanNamesTheWeakerModeToo() {
    Outcome outcome = invoke("echo", "{}");

    assertThat(outcome).isInstanceOfSatisfying(Failed.class,
        f -> assertThat(f.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR));
    namesTheMode(invocationEvent());
  }

  @Test
  void aSucceededCallNamesItInTheDetailsAndInTheWarnings() {
    Outcome outcome = invoke("echo", "{\"text\":\"hi\"}");

    assertThat(outcome).isInstanceOfSatisfying(Succeeded.class, ok -> assertThat(ok.response().warnings())
        .anySatisfy(w -> assertThat(w).startsWith("sandbox: " + MODE)));
    AuditEvent event = invocationEvent();
    namesTheMode(event);
    assertThat(event.details()).hasEntrySatisfying("warnings", w -> assertThat(w).contains(MODE));
  }
}
