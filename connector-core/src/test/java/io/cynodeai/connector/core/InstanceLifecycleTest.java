package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class InstanceLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final InMemoryInstanceStore store = new InMemoryInstanceStore();
  private final AtomicReference<HealthResult> health = new AtomicReference<>(HealthResult.healthy());
  private final ConnectorType type = TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
    if (in.get("text").asText().equals("fail")) {
      throw ProviderException.status(503, "unavailable");
    }
    if (in.get("text").asText().equals("auth")) {
      throw ProviderException.authRejected(401, "token rejected");
    }
    return HandlerResult.of(in);
  })).healthCheck(ctx -> health.get()).build();
  private final ConnectorEngine engine = ConnectorEngines.builder().register(type).auditSink(audit)
      .instanceStore(store).policy(PolicyEngine.allowAll()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  private LifecycleOutcome install(String config) {
    return engine.instances().install(InstanceDefinition.builder("i1", "echo").config(json(config))
        .owner(OwnerScope.group("ops")).projectId("proj-a").rateLimitPolicy(RateLimitPolicy.of(2, 5)).build(),
        ALICE);
  }

  private ConnectorInstance instance() {
    return store.find("i1").orElseThrow();
  }

  @Test
  @Tag("REQ-DATA-002")
  @Tag("REQ-DATA-001")
  void installCreatesAProvisioningInstanceWithEveryDataModelField() {
    ConnectorInstance i = ((LifecycleOutcome.Applied) install("{\"endpoint\":\"e\"}")).instance();
    assertThat(i.status()).isEqualTo(InstanceStatus.PROVISIONING);
    assertThat(i.connectorTypeVersion()).isEqualTo("1.0.0");
    assertThat(i.configSchemaVersion()).isEqualTo("1");
    assertThat(i.rateLimitPolicy()).isEqualTo(RateLimitPolicy.of(2, 5));
    assertThat(i.owner()).isEqualTo(OwnerScope.group("ops"));
    assertThat(i.projectId()).isEqualTo("proj-a");
    assertThat(i.resourceVersion()).isEqualTo(1);
    assertThat(i.lastSuccessAt()).isNull();
    assertThat(i.healthCheckedAt()).isNull();
    assertThat(audit.last().action()).isEqualTo("install");
  }

  @Test
  @Tag("REQ-SCHEMA-002")
  void invalidConfigIsRefusedAtInstallWithEveryViolationLocated() {
    LifecycleOutcome out = install("{\"limit\":500,\"extra\":1}");
    Failed f = ((LifecycleOutcome.Refused) out).failure();
    assertThat(f.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(f.code()).isEqualTo("invalid_config");
    assertThat(f.violations()).extracting(v -> v.pointer())
        .containsExactlyInAnyOrder("", "", "/limit");
    assertThat(f.violations()).extracting(v -> v.message()).anyMatch(m -> m.contains("endpoint"))
        .anyMatch(m -> m.contains("extra"));
    assertThat(store.find("i1")).isEmpty();
    AuditEvent event = audit.last();
    assertThat(event.outcome()).isEqualTo("validation_error");
    assertThat(event.errorCode()).isEqualTo("invalid_config");
  }

  @Test
  @Tag("REQ-SCHEMA-002")
  void invalidConfigIsRefusedAtUpdateAndTheStoredConfigIsUnchanged() {
    install("{\"endpoint\":\"e\"}");
    Failed f = ((LifecycleOutcome.Refused) engine.instances().updateConfig("i1", json("{\"endpoint\":\"\"}"),
        ALICE)).failure();
    assertThat(f.violations()).extracting(v -> v.pointer()).containsExactly("/endpoint");
    assertThat(instance().config()).isEqualTo(json("{\"endpoint\":\"e\"}"));
  }

  @Test
  @Tag("REQ-SCHEMA-002")
  @Tag("REQ-SCHEMA-003")
  void invalidConfigPreventsEnablement() {
    install("{\"endpoint\":\"e\"}");
    // Drift: the stored config was changed behind the engine's back.
    ConnectorInstance drifted = instance().withConfig(json("{\"limit\":\"many\"}"), "1", NOW);
    store.replace(drifted);
    Failed f = ((LifecycleOutcome.Refused) engine.instances().enable("i1", ALICE)).failure();
    assertThat(f.code()).isEqualTo("invalid_config");
    assertThat(f.violations()).extracting(v -> v.pointer()).containsExactlyInAnyOrder("", "/limit");
    assertThat(instance().status()).isEqualTo(InstanceStatus.PROVISIONING);
    Failed call = (Failed) engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), ALICE));
    assertThat(call.code()).isEqualTo("instance_not_active");
  }

  @Test
  @Tag("REQ-DATA-001")
  @Tag("REQ-DATA-002")
  void enableRunsTheHealthCheckAndSetsStatusAndHealthFields() {
    install("{\"endpoint\":\"e\"}");
    health.set(HealthResult.unhealthy("connection refused"));
    ConnectorInstance failed = ((LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE)).instance();
    assertThat(failed.status()).isEqualTo(InstanceStatus.ERROR);
    assertThat(failed.healthCheckedAt()).isEqualTo(NOW);
    assertThat(failed.lastError().code()).isEqualTo("health_check_failed");
    assertThat(failed.lastError().message()).isEqualTo("connection refused");

    health.set(HealthResult.credentialsRejected("bad password"));
    assertThat(((LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE)).instance().status())
        .isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);

    health.set(HealthResult.healthy());
    ConnectorInstance active = ((LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE)).instance();
    assertThat(active.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(audit.events(e -> e.type() == AuditEventType.HEALTH_CHECK)).hasSize(3);
  }

  @Test
  @Tag("REQ-DATA-001")
  void enableTellsTheHostWhenTheInstanceCannotServeCalls() {
    install("{\"endpoint\":\"e\"}");
    health.set(HealthResult.unhealthy("connection refused"));
    LifecycleOutcome.Applied inError = (LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE);
    assertThat(inError.unhealthy()).hasValueSatisfying(f -> {
      assertThat(f.code()).isEqualTo("health_check_failed");
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.message()).contains("connection refused");
    });

    health.set(HealthResult.credentialsRejected("bad password"));
    LifecycleOutcome.Applied expired = (LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE);
    assertThat(expired.unhealthy()).hasValueSatisfying(f -> {
      assertThat(f.code()).isEqualTo("credential_expired");
      assertThat(f.failureClass()).isEqualTo(FailureClass.PERMANENT);
    });
    assertThat(audit.events(e -> e.type() == AuditEventType.LIFECYCLE && e.action().equals("enable")))
        .extracting(e -> e.details().get("unhealthy")).containsExactly("health_check_failed", "credential_expired");

    health.set(HealthResult.healthy());
    assertThat(((LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE)).unhealthy()).isEmpty();
  }

  @Test
  @Tag("REQ-DATA-001")
  @Tag("REQ-DATA-002")
  void checkMovesACredentialExpiredInstanceBackToActiveOnceItsHealthCheckPassesAndClearsLastError() {
    install("{\"endpoint\":\"e\"}");
    health.set(HealthResult.credentialsRejected("bad password"));
    engine.instances().enable("i1", ALICE);
    assertThat(instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);

    ConnectorInstance stillExpired = ((LifecycleOutcome.Applied) engine.instances().check("i1", ALICE)).instance();
    assertThat(stillExpired.status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    assertThat(stillExpired.lastError().message()).isEqualTo("bad password");

    health.set(HealthResult.healthy());
    ConnectorInstance active = ((LifecycleOutcome.Applied) engine.instances().check("i1", ALICE)).instance();

    assertThat(active.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(active.lastError()).isNull();
    assertThat(instance().lastError()).isNull();
    assertThat(engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"ok\"}"), ALICE)))
        .isInstanceOf(Succeeded.class);
    assertThat(audit.events(e -> e.type() == AuditEventType.LIFECYCLE && e.action().equals("check")))
        .extracting(e -> e.details().get("status"), e -> e.details().get("status_from"))
        .containsExactly(tuple("credential_expired", null), tuple("active", "credential_expired"));
  }

  @Test
  void enableAfterAFailedCheckClearsTheOldLastErrorWhenTheCheckPasses() {
    install("{\"endpoint\":\"e\"}");
    health.set(HealthResult.unhealthy("connection refused"));
    engine.instances().enable("i1", ALICE);
    health.set(HealthResult.healthy());

    ConnectorInstance active = ((LifecycleOutcome.Applied) engine.instances().enable("i1", ALICE)).instance();

    assertThat(active.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(active.lastError()).isNull();
  }

  @Test
  void checkRefusesADisabledInstanceAndAnUnknownOne() {
    install("{\"endpoint\":\"e\"}");

    Failed provisioning = ((LifecycleOutcome.Refused) engine.instances().check("i1", ALICE)).failure();
    Failed unknown = ((LifecycleOutcome.Refused) engine.instances().check("nope", ALICE)).failure();

    assertThat(provisioning.code()).isEqualTo("instance_not_enabled");
    assertThat(provisioning.message()).isEqualTo("instance i1 is provisioning: enable it (enabling runs the health "
        + "check)");
    assertThat(unknown.code()).isEqualTo("unknown_instance");
    assertThat(instance().status()).isEqualTo(InstanceStatus.PROVISIONING);
  }

  @Test
  @Tag("REQ-DATA-002")
  void invocationsRecordLastSuccessAndLastError() {
    install("{\"endpoint\":\"e\"}");
    engine.instances().enable("i1", ALICE);
    engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"ok\"}"), ALICE));
    assertThat(instance().lastSuccessAt()).isEqualTo(NOW);
    engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"fail\"}"), ALICE));
    assertThat(instance().lastError().code()).isEqualTo("provider_status_503");
    engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"auth\"}"), ALICE));
    assertThat(instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    assertThat(instance().lastError().code()).isEqualTo("credentials_rejected");
  }

  @Test
  @Tag("REQ-DATA-001")
  void disableStopsCallsAndUninstallSoftDeletes() {
    install("{\"endpoint\":\"e\"}");
    engine.instances().enable("i1", ALICE);
    ConnectorInstance disabled = ((LifecycleOutcome.Applied) engine.instances().disable("i1", ALICE)).instance();
    assertThat(disabled.status()).isEqualTo(InstanceStatus.DISABLED);
    Failed call = (Failed) engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), ALICE));
    assertThat(call.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(call.message()).isEqualTo("connector instance 'i1' is disabled, not active");

    engine.instances().uninstall("i1", ALICE);
    assertThat(instance().deletedAt()).isEqualTo(NOW);
    assertThat(engine.instances().get("i1", ALICE)).isEmpty();
    assertThat(engine.instances().list(ALICE)).isEmpty();
    assertThat(((Failed) engine.invoke(InvocationRequest.of("i1", "echo", json("{\"text\":\"x\"}"), ALICE))).code())
        .isEqualTo("unknown_instance");
    assertThat(audit.events(e -> e.type() == AuditEventType.LIFECYCLE)).extracting(AuditEvent::action)
        .containsExactly("install", "enable", "disable", "uninstall", "credential_wipe");
  }

  @Test
  void staleResourceVersionIsAConflict() {
    install("{\"endpoint\":\"e\"}");
    ConnectorInstance stale = instance();
    store.replace(stale);
    assertThat(store.find("i1").orElseThrow().resourceVersion()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.replace(stale))
        .hasMessage("connector instance 'i1' is at resource version 2, not 1");
  }
}
