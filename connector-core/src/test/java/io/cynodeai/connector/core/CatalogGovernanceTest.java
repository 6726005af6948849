package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.job.JobService;
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
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.catalog.CatalogEntry;
import io.cynodeai.connector.core.catalog.CatalogOutcome;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.catalog.FeatureFlag.Scope;
import io.cynodeai.connector.core.catalog.InMemoryCatalogStore;
import io.cynodeai.connector.core.catalog.SecurityReview.Verdict;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import io.cynodeai.connector.api.instance.TypeListing;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Catalog governance (§13) on a real engine: approval with a security review, feature flags, the deprecation
 * lifecycle, and who may change the catalog.
 */
class CatalogGovernanceTest {
  private static final Caller DEV = Caller.user("dev", "proj-a");
  private static final Caller SEC = Caller.user("sec", "proj-a");
  private static final Caller LEAD = Caller.user("lead", "proj-a");
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final Caller BOB = Caller.user("bob", "proj-b").withGroups("beta");
  private static final Caller INTRUDER = Caller.user("intruder", "proj-a");
  private static final ConnectorType NOTES = TestTypes.type("notes",
      TestTypes.echo((ctx, input) -> HandlerResult.of(input)).modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
          .maxTimeout(Duration.ofSeconds(5))).build();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  /** Everyone may do everything, except the intruder, who may not change or read the catalog. */
  private final PolicyEngine policy = ctx -> ctx.userId().equals("intruder") && ctx.connectorInstanceId() == null
      ? PolicyDecision.deny("not a catalog administrator") : PolicyDecision.allow("test");
  private final ConnectorCatalog catalog = ConnectorCatalog.create(new InMemoryCatalogStore(), policy, audit,
      Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
  private final ConnectorEngine engine = ConnectorEngines.builder().register(NOTES).policy(policy)
      .auditSink(audit).catalog(catalog).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private LifecycleOutcome install(String id, Caller owner) {
    return engine.instances().install(InstanceDefinition.builder(id, "notes")
        .config(JsonResources.parse("{\"endpoint\":\"x\"}")).owner(OwnerScope.user(owner.userId()))
        .projectId(owner.projectId()).build(), owner);
  }

  private LifecycleOutcome installAndEnable(String id, Caller owner) {
    LifecycleOutcome installed = install(id, owner);
    return installed instanceof LifecycleOutcome.Refused ? installed : engine.instances().enable(id, owner);
  }

  private Outcome invoke(String id, Caller caller) {
    return engine.invoke(InvocationRequest.of(id, "echo", JsonResources.parse("{\"text\":\"hi\"}"), caller));
  }

  private static <T> T applied(CatalogOutcome<T> outcome) {
    assertThat(outcome).isInstanceOf(CatalogOutcome.Applied.class);
    return ((CatalogOutcome.Applied<T>) outcome).value();
  }

  private static Failed refusal(Object outcome) {
    if (outcome instanceof CatalogOutcome.Refused<?> r) {
      return r.failure();
    }
    if (outcome instanceof LifecycleOutcome.Refused r) {
      return r.failure();
    }
    assertThat(outcome).isInstanceOf(Failed.class);
    return (Failed) outcome;
  }

  private static void assertDenied(Object outcome, String code) {
    Failed f = refusal(outcome);
    assertThat(f.failureClass()).as(f.message()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(f.code()).as(f.message()).isEqualTo(code);
  }

  private void approveNotes() {
    applied(catalog.submit(NOTES, DEV));
    applied(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "egress pinned, no secrets logged", SEC));
    applied(catalog.approve("notes", "1.0.0", "needed by support", LEAD));
  }

  @Test
  @Tag("REQ-GOV-002")
  void aTypeVersionIsUsableOnlyOnceApprovedAndTheDecisionIsRecorded() {
    assertDenied(install("n1", ALICE), "not_approved");
    assertThat(engine.instances().get("n1", ALICE)).isEmpty();
    applied(catalog.submit(NOTES, DEV));
    assertDenied(install("n1", ALICE), "not_approved");
    assertThat(refusal(install("n1", ALICE)).message()).contains("notes@1.0.0").contains("submitted");
    assertThat(refusal(catalog.submit(NOTES, DEV)).code()).isEqualTo("already_submitted");
    applied(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "ok", SEC));
    CatalogEntry approved = applied(catalog.approve("notes", "1.0.0", "needed by support", LEAD));

    assertThat(approved.approval()).isEqualTo(CatalogEntry.Approval.APPROVED);
    assertThat(approved.submittedBy()).isEqualTo("dev");
    assertThat(approved.decision()).isEqualTo(new CatalogEntry.Decision("lead",
        Instant.parse("2026-11-25T12:00:00Z"), "needed by support"));
    assertThat(installAndEnable("n1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(invoke("n1", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(audit.events(e -> e.type() == AuditEventType.LIFECYCLE && "not_approved".equals(e.errorCode())))
        .isNotEmpty();
    assertThat(audit.events(e -> e.type() == AuditEventType.CATALOG).stream().map(AuditEvent::action))
        .containsSubsequence("catalog.submit", "catalog.review", "catalog.approve");
  }

  @Test
  @Tag("REQ-GOV-002")
  void migratingAnInstanceToAnUnapprovedVersionIsRefused() {
    ConnectorType v2 = ConnectorType.builder("notes", "2.0.0").configSchema("1", TestTypes.CONFIG_SCHEMA)
        .operation(TestTypes.echo((ctx, input) -> HandlerResult.of(input))).build();
    try (ConnectorEngine both = ConnectorEngines.builder().register(NOTES).register(v2).policy(policy)
        .auditSink(audit).catalog(catalog).build()) {
      approveNotes();
      both.instances().install(InstanceDefinition.builder("n9", "notes").typeVersion("1")
          .config(JsonResources.parse("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice"))
          .projectId("proj-a").build(), ALICE);
      assertThat(both.instances().enable("n9", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

      assertDenied(both.instances().migrate("n9", "2", ALICE), "not_approved");
      assertThat(both.instances().get("n9", ALICE).orElseThrow().connectorTypeVersion()).isEqualTo("1.0.0");

      applied(catalog.submit(v2, DEV));
      applied(catalog.recordReview("notes", "2.0.0", Verdict.PASSED, "same surface", SEC));
      applied(catalog.approve("notes", "2.0.0", "upgrade", LEAD));
      assertThat(both.instances().migrate("n9", "2", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(both.instances().get("n9", ALICE).orElseThrow().connectorTypeVersion()).isEqualTo("2.0.0");
    }
  }

  @Test
  @Tag("REQ-GOV-002")
  void aSpecCannotBringInAnUnapprovedType() {
    applied(catalog.submit(NOTES, DEV));
    SpecOutcome out = engine.specs().apply(SpecSource.of("""
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata: {name: s1, owner: {type: user, id: alice}, projectId: proj-a}
        spec: {type: notes, typeVersion: "1", enabled: true, config: {endpoint: x}}
        """), ALICE);
    assertThat(out).isInstanceOf(SpecOutcome.Refused.class);
    assertDenied(((SpecOutcome.Refused) out).failure(), "not_approved");
    assertThat(engine.instances().get("s1", ALICE)).isEmpty();
    assertThat(engine.specs().get("s1", ALICE)).isEmpty();
  }

  @Test
  @Tag("REQ-GOV-002")
  void aRejectedVersionStaysUnusableUntilResubmittedAndApproved() {
    applied(catalog.submit(NOTES, DEV));
    CatalogEntry rejected = applied(catalog.reject("notes", "1.0.0", "calls an unvetted endpoint", LEAD));
    assertThat(rejected.decision().reason()).isEqualTo("calls an unvetted endpoint");
    assertDenied(install("n1", ALICE), "not_approved");
    assertThat(refusal(catalog.approve("notes", "1.0.0", "x", LEAD)).code()).isEqualTo("invalid_transition");
    CatalogEntry again = applied(catalog.submit(NOTES, DEV));
    assertThat(again.approval()).isEqualTo(CatalogEntry.Approval.SUBMITTED);
    assertThat(again.reviews()).isEmpty();
    assertThat(refusal(catalog.approve("nope", "1", "x", LEAD)).code()).isEqualTo("unknown_type_version");
  }

  @Test
  @Tag("REQ-GOV-002")
  void onlyAuthorizedCallersChangeOrReadTheCatalogAndRefusalsAreAudited() {
    assertDenied(catalog.submit(NOTES, INTRUDER), "policy_denied");
    assertThat(catalog.entries(DEV)).isEmpty();
    applied(catalog.submit(NOTES, DEV));
    assertDenied(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "ok", INTRUDER), "policy_denied");
    assertDenied(catalog.setFlag("notes", null, Scope.GLOBAL, null, false, INTRUDER), "policy_denied");
    assertThat(catalog.entries(INTRUDER)).isEmpty();
    assertThat(catalog.flags(DEV)).isEmpty();
    assertThat(catalog.entry("notes", "1.0.0", INTRUDER)).isEmpty();
    assertThat(catalog.entries(DEV)).singleElement().satisfies(e -> assertThat(e.reviews()).isEmpty());
    assertThat(audit.events(e -> e.type() == AuditEventType.CATALOG && "policy_denied".equals(e.errorCode())))
        .hasSize(3).allSatisfy(e -> assertThat(e.userId()).isEqualTo("intruder"));
  }

  @Test
  @Tag("REQ-GOV-002")
  void withoutACatalogTheEngineInstallsAsBefore() {
    try (ConnectorEngine plain = ConnectorEngines.builder().register(NOTES).policy(policy).build()) {
      assertThat(plain.instances().install(InstanceDefinition.builder("n1", "notes")
          .config(JsonResources.parse("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice"))
          .projectId("proj-a").build(), ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(plain.instances().enable("n1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    }
  }

  @Test
  @Tag("REQ-GOV-005")
  void approvalRequiresAPassedReviewBySomeoneOtherThanTheSubmitter() {
    applied(catalog.submit(NOTES, DEV));
    assertDenied(catalog.approve("notes", "1.0.0", "ship it", LEAD), "review_required");
    assertDenied(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "looks fine to me", DEV),
        "reviewer_is_submitter");
    assertThat(refusal(catalog.recordReview("notes", "1.0.0", Verdict.FAILED, " ", SEC)).code())
        .isEqualTo("notes_required");
    CatalogEntry failed = applied(catalog.recordReview("notes", "1.0.0", Verdict.FAILED,
        "logs the auth header", SEC));
    assertThat(failed.latestReview()).isEqualTo(new SecurityReviewExpectation("sec", Verdict.FAILED,
        "logs the auth header").at(Instant.parse("2026-11-25T12:00:00Z")));
    assertDenied(catalog.approve("notes", "1.0.0", "ship it", LEAD), "review_required");
    assertThat(refusal(catalog.approve("notes", "1.0.0", "ship it", LEAD)).message())
        .contains("failed its latest security review");
    assertDenied(install("n1", ALICE), "not_approved");

    applied(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "fixed in this build", SEC));
    CatalogEntry approved = applied(catalog.approve("notes", "1.0.0", "ship it", LEAD));
    assertThat(approved.reviews()).extracting(r -> r.verdict()).containsExactly(Verdict.FAILED, Verdict.PASSED);
    assertThat(installAndEnable("n1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(refusal(catalog.recordReview("notes", "1.0.0", Verdict.PASSED, "late", SEC)).code())
        .isEqualTo("invalid_transition");
  }

  /** The expected review, at a given time. */
  private record SecurityReviewExpectation(String reviewer, Verdict verdict, String notes) {
    io.cynodeai.connector.core.catalog.SecurityReview at(Instant when) {
      return new io.cynodeai.connector.core.catalog.SecurityReview(reviewer, when, verdict, notes);
    }
  }

  @Test
  @Tag("REQ-GOV-003")
  void aDisabledFlagRefusesInstallsEnablesAndCallsForTheAffectedTenantsAtOnce() {
    approveNotes();
    assertThat(installAndEnable("a1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(installAndEnable("b1", BOB)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().disable("a1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

    applied(catalog.setFlag("notes", null, Scope.GLOBAL, null, false, LEAD));
    assertDenied(invoke("b1", BOB), "feature_disabled");
    assertDenied(engine.instances().enable("a1", ALICE), "feature_disabled");
    assertDenied(install("a2", ALICE), "feature_disabled");
    assertThat(audit.events(e -> e.type() == AuditEventType.INVOCATION
        && "feature_disabled".equals(e.errorCode()))).hasSize(1);
    assertThat(audit.events(e -> e.action().equals("catalog.flag"))).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("enabled", "false"));

    applied(catalog.setFlag("notes", null, Scope.PROJECT, "proj-a", true, LEAD));
    assertThat(engine.instances().enable("a1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(invoke("a1", ALICE)).isInstanceOf(Succeeded.class);
    assertDenied(invoke("b1", BOB), "feature_disabled");

    applied(catalog.setFlag("notes", null, Scope.GLOBAL, null, true, LEAD));
    assertThat(invoke("b1", BOB)).isInstanceOf(Succeeded.class);
    applied(catalog.setFlag("notes", "1.0.0", Scope.GROUP, "beta", false, LEAD));
    assertDenied(invoke("b1", BOB), "feature_disabled");
    assertThat(refusal(invoke("b1", BOB)).message()).contains("group 'beta'");
    assertThat(invoke("a1", ALICE)).isInstanceOf(Succeeded.class);
    assertThat(refusal(catalog.setFlag("notes", null, Scope.PROJECT, null, false, LEAD)).code())
        .isEqualTo("invalid_flag");
    assertThat(catalog.flags(LEAD)).hasSize(3);
  }

  @Test
  @Tag("REQ-GOV-004")
  void aDeprecatedVersionWarnsOnEveryCallAndTakesNoNewInstancesAndARetiredOneNothing() {
    approveNotes();
    assertThat(installAndEnable("n1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(installAndEnable("n2", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(((Succeeded) invoke("n1", ALICE)).response().warnings()).isEmpty();
    assertThat(refusal(catalog.retire("notes", "1.0.0", "x", LEAD)).code()).isEqualTo("invalid_transition");
    assertThat(refusal(catalog.deprecate("notes", "1.0.0", LocalDate.parse("2026-01-01"), null, LEAD)).code())
        .isEqualTo("invalid_sunset");

    CatalogEntry deprecated = applied(catalog.deprecate("notes", "1.0.0", LocalDate.parse("2027-03-01"),
        "notes@2.0.0", LEAD));
    assertThat(deprecated.lifecycle()).isEqualTo(CatalogEntry.Lifecycle.DEPRECATED);
    Outcome call = invoke("n1", ALICE);
    assertThat(call).isInstanceOf(Succeeded.class);
    assertThat(((Succeeded) call).response().warnings())
        .containsExactly("connector type notes@1.0.0 is deprecated; use notes@2.0.0; sunset 2027-03-01");
    assertThat(audit.events(e -> e.type() == AuditEventType.INVOCATION).get(
        audit.events(e -> e.type() == AuditEventType.INVOCATION).size() - 1).details().get("warnings"))
        .as("the audit event says what the caller was warned of")
        .isEqualTo("connector type notes@1.0.0 is deprecated; use notes@2.0.0; sunset 2027-03-01");
    assertDenied(install("n3", ALICE), "type_deprecated");
    assertThat(refusal(install("n3", ALICE)).message()).contains("use notes@2.0.0");
    assertThat(engine.instances().disable("n2", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable("n2", ALICE)).as("existing instances keep working")
        .isInstanceOf(LifecycleOutcome.Applied.class);

    applied(catalog.retire("notes", "1.0.0", "sunset reached", LEAD));
    assertDenied(invoke("n1", ALICE), "type_retired");
    assertThat(engine.instances().disable("n2", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertDenied(engine.instances().enable("n2", ALICE), "type_retired");
    assertThat(audit.events(e -> e.type() == AuditEventType.INVOCATION
        && "type_retired".equals(e.errorCode()))).hasSize(1);
    assertThat(catalog.entry("notes", "1.0.0", LEAD).orElseThrow().retirement().by()).isEqualTo("lead");
  }

  @Test
  @Tag("REQ-GOV-003")
  void anAsyncSubmitIsRefusedUpFrontWhenTheTypeIsDisabled() {
    approveNotes();
    assertThat(installAndEnable("n1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    InvocationRequest async = InvocationRequest.of("n1", "echo", JsonResources.parse("{\"text\":\"hi\"}"),
        ALICE).withMode(ExecutionMode.ASYNC);
    assertThat(engine.jobs().submit(async)).isInstanceOf(JobService.Submission.Accepted.class);
    applied(catalog.setFlag("notes", null, Scope.PROJECT, "proj-a", false, LEAD));
    JobService.Submission refused = engine.jobs().submit(async);
    assertThat(refused).isInstanceOf(JobService.Submission.Refused.class);
    assertDenied(((JobService.Submission.Refused) refused).failure(), "feature_disabled");
  }

  @Test
  @Tag("REQ-GOV-002")
  void readingTheEnginesTypesIsAuthorizedAndAudited() {
    assertThat(engine.types(ALICE)).isEqualTo(new TypeListing.Listed(List.of("notes@1.0.0")));
    TypeListing refused = engine.types(INTRUDER);
    assertThat(refused).isInstanceOfSatisfying(TypeListing.Refused.class,
        r -> assertThat(r.failure().code()).isEqualTo("policy_denied"));
    assertThat(audit.events(e -> e.action().equals("catalog.read"))).extracting(AuditEvent::userId,
        AuditEvent::outcome).containsExactly(org.assertj.core.groups.Tuple.tuple("alice", AuditEvent.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple("intruder", "policy_denied"));
  }
}
