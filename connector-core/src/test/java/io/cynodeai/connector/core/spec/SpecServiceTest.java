package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecStatus;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SpecServiceTest {
  private static final Caller OPS = new Caller("ops-bot", java.util.List.of("7b2c..."), "3a91...");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final FlakyInstanceStore store = new FlakyInstanceStore();
  private final ImapTestType imap = new ImapTestType();
  private final Set<String> deniedUsers = ConcurrentHashMap.newKeySet();
  private final ConnectorEngine engine = ConnectorEngines.builder().register(imap.type("1.0.0")).credentials(ImapTestType.vault())
      .register(imap.type("1.1.0")).instanceStore(store).auditSink(audit)
      .policy(ctx -> deniedUsers.contains(ctx.userId()) && ctx.action() == Action.INSTANCE_MANAGE
          ? PolicyDecision.deny("no manage") : PolicyDecision.allow("test")).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static String seed() {
    return ImapTestType.seedExample();
  }

  private static String seed(String from, String to) {
    assertThat(seed()).contains(from);
    return seed().replace(from, to);
  }

  private SpecOutcome apply(String text) {
    return engine.specs().apply(new SpecSource("test.yaml", text), OPS);
  }

  private SpecOutcome.Applied applied(String text) {
    SpecOutcome out = apply(text);
    assertThat(out).isInstanceOf(SpecOutcome.Applied.class);
    return (SpecOutcome.Applied) out;
  }

  private SpecOutcome.Refused rejected(SpecOutcome out) {
    assertThat(out).isInstanceOf(SpecOutcome.Refused.class);
    return (SpecOutcome.Refused) out;
  }

  private ConnectorInstance instance(String name) {
    return store.find(name).orElseThrow();
  }

  @Test
  @Tag("REQ-DECL-007")
  @Tag("REQ-DECL-003")
  @Tag("REQ-DECL-015")
  void applyingTheSeedExampleCreatesAndEnablesAHealthCheckedInstance() {
    SpecOutcome.Applied out = applied(seed());
    assertThat(out.changes()).extracting(SpecChange::name, SpecChange::kind)
        .containsExactly(tuple("ops-mail", SpecChange.Kind.CREATE));
    ConnectorInstance i = instance("ops-mail");
    assertThat(i.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(i.healthCheckedAt()).isNotNull();
    assertThat(i.connectorTypeVersion()).isEqualTo("1.1.0");
    assertThat(i.config().get("host").asText()).isEqualTo("imap.example.com");
    assertThat(i.rateLimitPolicy()).isEqualTo(RateLimitPolicy.of(2, 5));
    assertThat(i.projectId()).isEqualTo("3a91...");
    SpecStatus status = out.statuses().get(0);
    assertThat(status.status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(status.resourceVersion()).isEqualTo("1");
    assertThat(status.uid()).matches("[0-9a-f-]{36}");
    assertThat(engine.invoke(InvocationRequest.of("ops-mail", "readInbox", JsonResources.parse("{}"), OPS)))
        .isInstanceOf(Succeeded.class);
  }

  @Test
  @Tag("REQ-DECL-007")
  void aFailingHealthCheckOnEnableIsReportedInTheStatus() {
    imap.health.set(HealthResult.unhealthy("connection refused"));
    SpecOutcome.Applied out = applied(seed());
    assertThat(out.statuses().get(0).status()).isEqualTo(InstanceStatus.ERROR);
    assertThat(out.statuses().get(0).lastError()).isNotNull();
  }

  @Test
  @Tag("REQ-DECL-013")
  void applyingTheSameSpecAgainChangesNothing() {
    applied(seed());
    ConnectorInstance before = instance("ops-mail");
    audit.clear();
    SpecOutcome.Applied again = applied(seed());
    assertThat(again.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.UNCHANGED);
    assertThat(instance("ops-mail")).isEqualTo(before);
    assertThat(again.statuses().get(0).resourceVersion()).isEqualTo("1");
    assertThat(audit.events()).extracting(AuditEvent::type, AuditEvent::action)
        .containsExactly(tuple(AuditEventType.SPEC, "spec.apply"));
    assertThat(audit.last().details()).containsEntry("change", "unchanged");
  }

  @Test
  @Tag("REQ-DECL-013")
  void aStaleResourceVersionIsAConflictAndChangesNothing() {
    applied(seed());
    applied(seed("port: 993", "port: 994"));
    ConnectorSpec stored = engine.specs().get("ops-mail", OPS).orElseThrow();
    assertThat(stored.metadata().resourceVersion()).isEqualTo("2");
    String stale = seed("  projectId: 3a91... # optional\n", "  projectId: 3a91...\n  resourceVersion: \"1\"\n")
        .replace("port: 993", "port: 995");
    SpecOutcome.Refused r = rejected(apply(stale));
    assertThat(r.failure().code()).isEqualTo("conflict");
    assertThat(r.problems()).extracting(SpecProblem::pointer).containsExactly("/metadata/resourceVersion");
    assertThat(instance("ops-mail").config().get("port").asInt()).isEqualTo(994);
    String fresh = stale.replace("resourceVersion: \"1\"", "resourceVersion: \"2\"");
    applied(fresh);
    assertThat(instance("ops-mail").config().get("port").asInt()).isEqualTo(995);
    assertThat(engine.specs().get("ops-mail", OPS).orElseThrow().metadata().resourceVersion()).isEqualTo("3");
  }

  @Test
  @Tag("REQ-DECL-013")
  void aCopyOfASpecThatWasDeletedAndRecreatedIsAConflictByItsUid() {
    applied(seed());
    String uid = engine.specs().get("ops-mail", OPS).orElseThrow().metadata().uid();
    String withUid = seed("  projectId: 3a91... # optional\n", "  projectId: 3a91...\n  uid: " + uid + "\n");
    assertThat(applied(withUid.replace("port: 993", "port: 994")).changes()).extracting(SpecChange::kind)
        .as("the stored uid matches").containsExactly(SpecChange.Kind.UPDATE);

    assertThat(engine.specs().delete("ops-mail", OPS)).isInstanceOf(SpecOutcome.Applied.class);
    SpecOutcome.Refused gone = rejected(apply(withUid));
    assertThat(gone.failure().code()).isEqualTo("conflict");
    assertThat(gone.problems()).extracting(SpecProblem::pointer, SpecProblem::message).containsExactly(tuple(
        "/metadata/uid", "no spec named 'ops-mail' is stored (it was deleted or never applied); remove uid and "
            + "resourceVersion to create it"));

    applied(seed());
    String recreated = engine.specs().get("ops-mail", OPS).orElseThrow().metadata().uid();
    assertThat(recreated).isNotEqualTo(uid);
    audit.clear();
    SpecOutcome.Refused stale = rejected(apply(withUid.replace("port: 993", "port: 995")));
    assertThat(stale.failure().code()).isEqualTo("conflict");
    assertThat(stale.problems()).extracting(SpecProblem::pointer, SpecProblem::message).containsExactly(tuple(
        "/metadata/uid", "the stored spec 'ops-mail' has another uid: it was deleted and re-created since this copy"
            + " was read"));
    assertThat(instance("ops-mail").config().get("port").asInt()).as("nothing changed").isEqualTo(993);
    assertThat(engine.specs().get("ops-mail", OPS).orElseThrow().metadata().uid()).isEqualTo(recreated);
    assertThat(audit.last().action()).isEqualTo("spec.apply");
    assertThat(audit.last().errorCode()).isEqualTo("conflict");
  }

  @Test
  @Tag("REQ-DECL-009")
  @Tag("REQ-DECL-016")
  void anInvalidBatchAppliesNothing() {
    String good = seed("name: ops-mail", "name: mail-a");
    String bad = seed("name: ops-mail", "name: mail-b").replace("port: 993", "port: -1");
    SpecOutcome.Refused r = rejected(apply(good + "---\n" + bad));
    assertThat(r.failure().failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(r.problems()).extracting(SpecProblem::document, SpecProblem::pointer)
        .containsExactly(tuple(1, "/spec/config/port"));
    assertThat(store.list()).isEmpty();
    assertThat(engine.specs().list(OPS)).isEmpty();
    assertThat(audit.last().action()).isEqualTo("spec.apply");
    assertThat(audit.last().outcome()).isNotEqualTo(AuditEvent.SUCCEEDED);
  }

  @Test
  @Tag("REQ-DECL-009")
  void aBatchThatFailsPartWayIsRolledBack() {
    applied(seed("name: ops-mail", "name: mail-a"));
    ConnectorInstance before = instance("mail-a");
    store.failNextReplaceOf = "mail-b";
    String batch = seed("name: ops-mail", "name: mail-a").replace("port: 993", "port: 1993") + "---\n"
        + seed("name: ops-mail", "name: mail-b");
    assertThat(store.find("mail-b")).isEmpty();
    SpecOutcome.Refused r = rejected(apply(batch));
    assertThat(r.failure().code()).isEqualTo("conflict");
    assertThat(instance("mail-a").config()).isEqualTo(before.config());
    assertThat(store.find("mail-b").map(ConnectorInstance::deleted)).contains(true);
    assertThat(engine.specs().list(OPS)).extracting(ConnectorSpec::name).containsExactly("mail-a");
  }

  @Test
  @Tag("REQ-DECL-019")
  void diffShowsEachChangedFieldAndNoChangeWithoutWritingAnything() {
    SpecOutcome.Applied created = (SpecOutcome.Applied) engine.specs().diff(SpecSource.of(seed()), OPS);
    assertThat(created.changes().get(0).render()).isEqualTo("+ ops-mail (create)");
    assertThat(store.list()).isEmpty();
    applied(seed());
    audit.clear();
    SpecOutcome.Applied same = (SpecOutcome.Applied) engine.specs().diff(SpecSource.of(seed()), OPS);
    assertThat(same.changes().get(0).render()).isEqualTo("= ops-mail (no change)");
    SpecOutcome.Applied changed = (SpecOutcome.Applied) engine.specs().diff(SpecSource.of(
        seed("port: 993", "port: 994").replace("enabled: true", "enabled: false")), OPS);
    assertThat(changed.changes().get(0).kind()).isEqualTo(SpecChange.Kind.UPDATE);
    assertThat(changed.changes().get(0).render()).isEqualTo("""
        ~ ops-mail (update)
            /spec/config/port: 993 -> 994
            /spec/enabled: true -> false""");
    assertThat(instance("ops-mail").config().get("port").asInt()).isEqualTo(993);
    assertThat(audit.events()).isEmpty();
  }

  @Test
  @Tag("REQ-DECL-003")
  void enabledFalseDisablesAndTrueEnablesAgain() {
    applied(seed());
    applied(seed("enabled: true", "enabled: false"));
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.DISABLED);
    applied(seed());
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.ACTIVE);
  }

  @Test
  @Tag("REQ-DECL-014")
  void deletingASpecDisablesAndSoftDeletesItsInstanceAndReapplyingRestoresIt() {
    String uid = applied(seed()).statuses().get(0).uid();
    SpecOutcome out = engine.specs().delete("ops-mail", OPS);
    assertThat(out).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(instance("ops-mail").deleted()).isTrue();
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.DISABLED);
    assertThat(engine.specs().get("ops-mail", OPS)).isEmpty();
    assertThat(engine.specs().status("ops-mail", OPS)).isEmpty();
    assertThat(audit.last().action()).isEqualTo("spec.delete");
    assertThat(rejected(engine.specs().delete("ops-mail", OPS)).failure().code()).isEqualTo("unknown_spec");
    SpecOutcome.Applied again = applied(seed());
    assertThat(again.statuses().get(0).uid()).isNotEqualTo(uid);
    assertThat(instance("ops-mail").deleted()).isFalse();
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.ACTIVE);
  }

  @Test
  @Tag("REQ-DECL-017")
  void everyApplyAndDeleteIsAuditedWithoutConfigValues() {
    applied(seed());
    applied(seed("port: 993", "port: 31994"));
    engine.specs().delete("ops-mail", OPS);
    assertThat(audit.events(e -> e.type() == AuditEventType.SPEC)).extracting(AuditEvent::action,
        e -> e.details().get("change")).containsExactly(tuple("spec.apply", "create"),
        tuple("spec.apply", "update"), tuple("spec.delete", null));
    AuditEvent update = audit.events(e -> e.type() == AuditEventType.SPEC).get(1);
    assertThat(update.details()).containsEntry("fields", "/spec/config/port").containsEntry("resource_version", "2");
    assertThat(update.userId()).isEqualTo("ops-bot");
    // Timestamps are left out: their nanoseconds may contain any digits.
    assertThat(audit.events().stream().map(e -> e.details().toString() + e.action() + e.outcome()).toList()
        .toString()).doesNotContain("31994").doesNotContain("imap-ops-mail-creds");
  }

  @Test
  @Tag("REQ-DECL-008")
  void driftIsConvergedBackToTheSpecAndTheOverwriteIsAudited() {
    applied(seed());
    engine.instances().disable("ops-mail", OPS);
    engine.instances().updateConfig("ops-mail", JsonResources.parse(
        "{\"host\":\"evil.example.com\",\"port\":993}"), OPS);
    SpecOutcome.Applied drift = (SpecOutcome.Applied) engine.specs().diff(SpecSource.of(seed()), OPS);
    assertThat(drift.changes().get(0).fields()).extracting(SpecChange.FieldChange::pointer)
        .contains("/spec/config/host", "/spec/enabled");
    audit.clear();
    SpecOutcome.Applied fixed = (SpecOutcome.Applied) engine.specs().reconcile(OPS);
    assertThat(fixed.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.UPDATE);
    assertThat(instance("ops-mail").config().get("host").asText()).isEqualTo("imap.example.com");
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.ACTIVE);
    AuditEvent event = audit.events(e -> e.type() == AuditEventType.SPEC).get(0);
    assertThat(event.action()).isEqualTo("spec.reconcile");
    assertThat(event.details()).containsEntry("drift_overwritten", "true");
    assertThat(((SpecOutcome.Applied) engine.specs().reconcile(OPS)).changes()).isEmpty();
  }

  @Test
  @Tag("REQ-DECL-018")
  void ownerAndProjectCannotMoveByApply() {
    applied(seed());
    SpecOutcome.Refused r = rejected(apply(seed("type: group", "type: user")
        .replace("  projectId: 3a91... # optional", "  projectId: other")));
    assertThat(r.problems()).extracting(SpecProblem::pointer, SpecProblem::code).containsExactly(
        tuple("/metadata/owner", "immutable_field"), tuple("/metadata/projectId", "immutable_field"));
  }

  @Test
  void aCallerWhoMayNotManageIsRefusedAndNothingIsApplied() {
    deniedUsers.add("ops-bot");
    SpecOutcome.Refused r = rejected(apply(seed()));
    assertThat(r.failure().failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(store.list()).isEmpty();
  }

  @Test
  @Tag("REQ-DECL-012")
  void changingTheTypeVersionPinMigratesTheInstance() {
    applied(seed("typeVersion: 1", "typeVersion: \"1.0\""));
    assertThat(instance("ops-mail").connectorTypeVersion()).isEqualTo("1.0.0");
    SpecOutcome.Applied out = applied(seed("typeVersion: 1", "typeVersion: \"1.1\""));
    assertThat(out.changes().get(0).fields()).extracting(SpecChange.FieldChange::pointer)
        .containsExactly("/spec/typeVersion");
    assertThat(instance("ops-mail").connectorTypeVersion()).isEqualTo("1.1.0");
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.ACTIVE);
  }
}
