package io.cynodeai.connector.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.MovableClock;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DeletionTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final ConnectorType TYPE = ConnectorType.builder("echo", "1.0.0")
      .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
      .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC)
          .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
          .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
          .handler((ctx, in) -> HandlerResult.of(in)))
      .build();

  /** A stand-in credential store: holds a secret per instance until wiped; can be told to fail. */
  static final class FakeCredentials implements CredentialWiper {
    final Set<String> held = ConcurrentHashMap.newKeySet();
    volatile boolean broken;

    @Override
    public void wipe(String instanceId) {
      if (broken) {
        throw new IllegalStateException("vault unreachable: token=s3cr3t");
      }
      held.remove(instanceId);
    }

    @Override
    public boolean holdsCredentials(String instanceId) {
      return held.contains(instanceId);
    }
  }

  private final FakeCredentials credentials = new FakeCredentials();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final InMemoryInstanceStore store = new InMemoryInstanceStore();
  private final MovableClock clock = new MovableClock();

  private ConnectorEngine engine() {
    return ConnectorEngines.builder().register(TYPE).auditSink(audit).instanceStore(store).clock(clock)
        .policy(PolicyEngine.allowAll()).credentialWiper(credentials).build();
  }

  private void installAndUninstall(ConnectorEngine engine, String id) {
    engine.instances().install(InstanceDefinition.builder(id, "echo").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    credentials.held.add(id);
    assertThat(engine.instances().uninstall(id, ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  private RetentionPurger purger(Duration keep) {
    return new RetentionPurger(store, new RetentionPolicy(keep, Duration.ofDays(90)), credentials, audit, audit,
        clock);
  }

  @Test
  @Tag("REQ-TENANT-005")
  void uninstallWipesTheInstancesCredentialsAndAuditsTheVerifiedWipe() {
    try (ConnectorEngine engine = engine()) {
      installAndUninstall(engine, "m");
      assertThat(credentials.held).isEmpty();
      AuditEvent wipe = audit.last();
      assertThat(wipe.action()).isEqualTo("credential_wipe");
      assertThat(wipe.outcome()).isEqualTo(AuditEvent.SUCCEEDED);
      assertThat(wipe.connectorInstanceId()).isEqualTo("m");
    }
  }

  @Test
  @Tag("REQ-TENANT-005")
  void aFailedWipeIsAuditedWithoutTheStoresMessageAndBlocksThePurgeUntilItSucceeds() {
    try (ConnectorEngine engine = engine()) {
      credentials.broken = true;
      installAndUninstall(engine, "m");
      AuditEvent wipe = audit.last();
      assertThat(wipe.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(wipe.errorCode()).isEqualTo("credential_wipe_failed");
      assertThat(wipe.details()).containsEntry("reason", "the credential store failed (IllegalStateException)");
      assertThat(wipe.toString()).doesNotContain("s3cr3t");

      clock.now = clock.now.plus(Duration.ofDays(31));
      PurgeReport blocked = purger(Duration.ofDays(30)).purgeNow();
      assertThat(blocked.purgedInstances()).isEmpty();
      assertThat(blocked.keptForCredentials()).containsExactly("m");
      assertThat(store.find("m")).isPresent();

      credentials.broken = false;
      assertThat(purger(Duration.ofDays(30)).purgeNow().purgedInstances()).containsExactly("m");
      assertThat(credentials.held).isEmpty();
    }
  }

  @Test
  @Tag("REQ-TENANT-006")
  void aSoftDeletedInstanceIsKeptForTheRetentionPeriodThenPurged() {
    try (ConnectorEngine engine = engine()) {
      installAndUninstall(engine, "m");
      clock.now = clock.now.plus(Duration.ofDays(29));
      assertThat(purger(Duration.ofDays(30)).purgeNow().purgedInstances()).isEmpty();
      assertThat(store.find("m")).hasValueSatisfying(i -> assertThat(i.deleted()).isTrue());
      LifecycleOutcome reuse = engine.instances().install(InstanceDefinition.builder("m", "echo")
          .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      assertThat(((LifecycleOutcome.Refused) reuse).failure().code()).isEqualTo("instance_exists");

      clock.now = clock.now.plus(Duration.ofDays(2));
      assertThat(purger(Duration.ofDays(30)).purgeNow().purgedInstances()).containsExactly("m");
      assertThat(store.find("m")).isEmpty();
      assertThat(audit.events(e -> e.action().equals("purge"))).hasSize(1);
    }
  }

  @Test
  @Tag("REQ-TENANT-007")
  void auditEventsOlderThanTheAuditRetentionAreDeleted() {
    RecordingAuditSink log = new RecordingAuditSink();
    log.record(AuditEvent.builder(AuditEventType.INVOCATION, clock.now.minus(Duration.ofDays(91))).action("a")
        .build());
    log.record(AuditEvent.builder(AuditEventType.INVOCATION, clock.now.minus(Duration.ofDays(89))).action("b")
        .build());
    PurgeReport report = new RetentionPurger(store, new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(90)),
        credentials, log, log, clock).purgeNow();
    assertThat(report.purgedAuditEvents()).isEqualTo(1);
    assertThat(log.events()).extracting(AuditEvent::action).containsExactly("b", "audit_retention");
  }

  @Test
  @Tag("REQ-TENANT-006")
  @Tag("REQ-TENANT-007")
  void theEngineRunsTheRetentionTaskOnItsSchedule() throws InterruptedException {
    try (ConnectorEngine engine = ConnectorEngines.builder().register(TYPE).auditSink(audit).instanceStore(store)
        .clock(clock).policy(PolicyEngine.allowAll()).credentialWiper(credentials)
        .retention(new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(1)), Duration.ofMillis(20)).build()) {
      installAndUninstall(engine, "m");
      clock.now = clock.now.plus(Duration.ofDays(2));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      // A run before the clock moved purged nothing; wait for one after it.
      while ((store.find("m").isPresent() || !audit.events(e -> e.action().equals("install")).isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(5); // polling with a deadline for the retention task's next run
      }
      assertThat(store.find("m")).isEmpty();
      assertThat(audit.events(e -> e.action().equals("install"))).isEmpty();
    }
  }

  @Test
  void retentionPeriodsMustBePositive() {
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ZERO, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("softDeleteRetention must be positive");
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("auditRetention must be positive");
    assertThat(List.of(RetentionPolicy.defaults().softDeleteRetention())).containsExactly(Duration.ofDays(30));
  }
}
