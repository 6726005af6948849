package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.CrossTenantFixture.ALICE_A;
import static io.cynodeai.connector.core.CrossTenantFixture.BOB_B;
import static io.cynodeai.connector.core.CrossTenantFixture.sameAsMissing;
import static io.cynodeai.connector.core.CrossTenantFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.audit.AuditPage;
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * REQ-TENANT-004: tenant B tries every operation of the engine's surfaces on tenant A's resources, by their
 * real ids and by guessed ones, on in-memory, H2 and PostgreSQL state. Every attempt is answered exactly like
 * one on a resource that does not exist, and nothing of A's changes or shows through. The MCP server and
 * connectorctl serve one operator over their own state ({@code TenancyRules.singleTenant()}) and are out of
 * scope by design.
 */
class CrossTenantBoundaryTest {
  @TempDir Path dir;

  private Stores stores(String backend) {
    return switch (backend) {
      case "memory" -> Stores.inMemory();
      case "h2" -> Stores.h2(dir.resolve("state"));
      case "postgres" -> Stores.postgres(PostgresDatabases.newDatabase("tenancy", 8));
      default -> throw new IllegalArgumentException(backend);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  @Tag("REQ-TENANT-004")
  void tenantBReachesNothingOfTenantAAndCannotTellItExists(String backend) {
    try (CrossTenantFixture f = new CrossTenantFixture(stores(backend))) {
      f.installActive("a-ledger", ALICE_A);
      assertThat(f.engine.specs().apply(spec("a-spec", ALICE_A, true), ALICE_A))
          .isInstanceOf(SpecOutcome.Applied.class);
      Outcome aliceFirst = f.post("a-ledger", "pay-1", ALICE_A);
      assertThat(aliceFirst).isInstanceOf(Succeeded.class);
      String aliceJob = submitAndFinish(f, "a-ledger", "job-1");
      WebhookService hooks = f.engine.webhooks();
      assertThat(hooks.enable("a-ledger", "events", ALICE_A)).isInstanceOf(SubscriptionOutcome.Applied.class);
      SecretOutcome.Issued aliceSecret = (SecretOutcome.Issued) hooks.revealSecret("a-ledger", "events", ALICE_A);
      ConnectorInstance aliceBefore = f.engine.instances().get("a-ledger", ALICE_A).orElseThrow();
      ConnectorSpec specBefore = f.engine.specs().get("a-spec", ALICE_A).orElseThrow();
      int runsBefore = f.runs("a-ledger");

      instances(f);
      invocations(f);
      jobs(f, aliceJob);
      specs(f);
      webhooks(f);
      PollReport foreignPoll = f.engine.poll("a-ledger", BOB_B);
      PollReport missingPoll = f.engine.poll("b-guess", BOB_B);
      assertThat(foreignPoll.errorCode()).isEqualTo(missingPoll.errorCode()).isEqualTo("instance_not_found");
      assertThat(foreignPoll.message().replace("a-ledger", "b-guess")).isEqualTo(missingPoll.message());

      // nothing of A's changed, ran or was handed out
      assertThat(f.runs("a-ledger")).isEqualTo(runsBefore);
      assertThat(f.engine.instances().get("a-ledger", ALICE_A)).contains(aliceBefore);
      assertThat(f.engine.specs().get("a-spec", ALICE_A)).contains(specBefore);
      assertThat(Replays.unmarked(f.post("a-ledger", "pay-1", ALICE_A))).as("A's key still replays A's outcome")
          .isEqualTo(aliceFirst);
      assertThat(f.engine.jobs().get(aliceJob, ALICE_A).found().orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(hooks.subscriptions("a-ledger", ALICE_A)).filteredOn(s -> s.subscription().equals("events"))
          .singleElement().satisfies(s -> assertThat(s.secretVersion()).isEqualTo(aliceSecret.version()));
      assertThat(f.audit.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(
          new String(aliceSecret.secret())));
      auditQueries(f);
    }
  }

  @org.junit.jupiter.api.Test
  @Tag("REQ-TENANT-004")
  void aJobOnAUserPrivateInstanceIsNotReadableByOthersOfTheSameProject() {
    try (CrossTenantFixture f = new CrossTenantFixture(Stores.inMemory())) {
      assertThat(f.engine.instances().install(InstanceDefinition.builder("alice-own", "ledger")
          .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).build(), ALICE_A))
          .isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(f.engine.instances().enable("alice-own", ALICE_A)).isInstanceOf(LifecycleOutcome.Applied.class);
      String job = submitAndFinish(f, "alice-own", "mine-1");
      Caller carol = new Caller("carol", List.of("team-a"), "proj-a");

      assertThat(f.engine.instances().get("alice-own", carol)).isEmpty();
      assertThat(f.engine.jobs().get(job, carol).found()).as("the job's instance is out of carol's reach").isEmpty();
      assertThat(f.engine.jobs().cancel(job, carol)).isEqualTo(JobService.CancelResult.UNKNOWN_JOB);
      assertThat(f.engine.jobs().purge(job, carol)).isEqualTo(JobService.DeadLetterResult.UNKNOWN_JOB);
      assertThat(f.engine.jobs().get(job, ALICE_A).found()).isPresent();
    }
  }

  private static String submitAndFinish(CrossTenantFixture f, String instance, String key) {
    JobService.Submission s = f.engine.jobs().submit(InvocationRequest.of(instance, "post",
        JsonResources.parse("{\"amount\":7}"), ALICE_A).withIdempotencyKey(key));
    String id = ((JobService.Submission.Accepted) s).jobId();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (f.engine.jobs().get(id, ALICE_A).found().map(Job::state).orElseThrow() != JobState.SUCCEEDED) {
      assertThat(System.nanoTime()).as("job %s finishes", id).isLessThan(deadline);
      Thread.onSpinWait();
      try {
        Thread.sleep(10); // polling the job store with a deadline: it has no change notification
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return id;
  }

  private static void instances(CrossTenantFixture f) {
    assertThat(f.engine.instances().get("a-ledger", BOB_B)).isEmpty();
    assertThat(f.engine.instances().get("a-spec", BOB_B)).isEmpty();
    assertThat(f.engine.instances().list(BOB_B)).isEmpty();
    for (Function<String, LifecycleOutcome> verb : List.<Function<String, LifecycleOutcome>>of(
        id -> f.engine.instances().updateConfig(id, JsonResources.parse("{\"x\":1}"), BOB_B),
        id -> f.engine.instances().enable(id, BOB_B),
        id -> f.engine.instances().check(id, BOB_B),
        id -> f.engine.instances().disable(id, BOB_B),
        id -> f.engine.instances().uninstall(id, BOB_B))) {
      for (String foreign : List.of("a-ledger", "a-spec")) {
        sameAsMissing(rejected(verb.apply(foreign)), foreign, rejected(verb.apply("b-guess")), "b-guess");
      }
    }
  }

  private static void invocations(CrossTenantFixture f) {
    // B uses A's instance with A's very key and input: no replay of A's outcome, no run
    sameAsMissing((Failed) f.post("a-ledger", "pay-1", BOB_B), "a-ledger",
        (Failed) f.post("b-guess", "pay-1", BOB_B), "b-guess");
    Outcome async = f.engine.invoke(InvocationRequest.of("a-ledger", "post", JsonResources.parse("{\"amount\":5}"),
        BOB_B).withIdempotencyKey("pay-1").withMode(ExecutionMode.ASYNC));
    Outcome asyncMissing = f.engine.invoke(InvocationRequest.of("b-guess", "post",
        JsonResources.parse("{\"amount\":5}"), BOB_B).withIdempotencyKey("pay-1").withMode(ExecutionMode.ASYNC));
    sameAsMissing((Failed) async, "a-ledger", (Failed) asyncMissing, "b-guess");
    // B's own instance, same key and input as A's: B's own first run, not A's outcome
    f.installActive("b-ledger", BOB_B);
    Outcome bobs = f.post("b-ledger", "pay-1", BOB_B);
    assertThat(bobs).isInstanceOf(Succeeded.class);
    assertThat(f.runs("b-ledger")).isEqualTo(1);
  }

  private static void jobs(CrossTenantFixture f, String aliceJob) {
    JobService jobs = f.engine.jobs();
    String guess = "00000000-0000-0000-0000-000000000000";
    assertThat(jobs.get(aliceJob, BOB_B).found()).isEmpty();
    assertThat(jobs.cancel(aliceJob, BOB_B)).isEqualTo(jobs.cancel(guess, BOB_B))
        .isEqualTo(JobService.CancelResult.UNKNOWN_JOB);
    assertThat(jobs.requeue(aliceJob, BOB_B)).isEqualTo(jobs.requeue(guess, BOB_B))
        .isEqualTo(JobService.DeadLetterResult.UNKNOWN_JOB);
    assertThat(jobs.purge(aliceJob, BOB_B)).isEqualTo(jobs.purge(guess, BOB_B))
        .isEqualTo(JobService.DeadLetterResult.UNKNOWN_JOB);
    assertThat(jobs.deadLetters(BOB_B, 100).listed()).hasValue(List.of());
    JobService.Submission foreign = jobs.submit(InvocationRequest.of("a-ledger", "post",
        JsonResources.parse("{\"amount\":7}"), BOB_B).withIdempotencyKey("job-1"));
    JobService.Submission missing = jobs.submit(InvocationRequest.of("b-guess", "post",
        JsonResources.parse("{\"amount\":7}"), BOB_B).withIdempotencyKey("job-1"));
    sameAsMissing(((JobService.Submission.Refused) foreign).failure(), "a-ledger",
        ((JobService.Submission.Refused) missing).failure(), "b-guess");
    // on B's own instance with A's job key: a new job of B's, never A's job id or result
    JobService.Submission own = jobs.submit(InvocationRequest.of("b-ledger", "post",
        JsonResources.parse("{\"amount\":7}"), BOB_B).withIdempotencyKey("job-1"));
    assertThat(((JobService.Submission.Accepted) own).jobId()).isNotEqualTo(aliceJob);
    assertThat(((JobService.Submission.Accepted) own).duplicate()).isFalse();
  }

  private static void specs(CrossTenantFixture f) {
    assertThat(f.engine.specs().get("a-spec", BOB_B)).isEmpty();
    assertThat(f.engine.specs().status("a-spec", BOB_B)).isEmpty();
    assertThat(f.engine.specs().list(BOB_B)).isEmpty();
    SpecOutcome.Refused delete = (SpecOutcome.Refused) f.engine.specs().delete("a-spec", BOB_B);
    SpecOutcome.Refused deleteMissing = (SpecOutcome.Refused) f.engine.specs().delete("b-guess", BOB_B);
    sameAsMissing(delete.failure(), "a-spec", deleteMissing.failure(), "b-guess");
    SpecOutcome.Refused authorize = (SpecOutcome.Refused) f.engine.specs()
        .completeAuthorization("a-spec", "st", BOB_B);
    sameAsMissing(authorize.failure(), "a-spec", ((SpecOutcome.Refused) f.engine.specs()
        .completeAuthorization("b-guess", "st", BOB_B)).failure(), "b-guess");
    // overwriting A's spec by name, declared as B's own or as A's: refused, nothing of A's compared or shown
    for (var source : List.of(spec("a-spec", BOB_B, false), spec("a-ledger", BOB_B, false))) {
      for (SpecOutcome out : List.of(f.engine.specs().apply(source, BOB_B), f.engine.specs().diff(source, BOB_B))) {
        Failed failed = ((SpecOutcome.Refused) out).failure();
        assertThat(failed.code()).isEqualTo("instance_exists");
        assertThat(failed.message()).doesNotContain("proj-a", "team-a", "resourceVersion");
      }
    }
    assertThat(f.engine.specs().apply(spec("a-spec", ALICE_A, false), BOB_B)).isInstanceOf(SpecOutcome.Refused.class);
    // reconcile by B touches only B's specs
    assertThat(f.engine.specs().apply(spec("b-spec", BOB_B, true), BOB_B)).isInstanceOf(SpecOutcome.Applied.class);
    assertThat(f.engine.instances().disable("a-spec", ALICE_A)).isInstanceOf(LifecycleOutcome.Applied.class);
    SpecOutcome.Applied reconciled = (SpecOutcome.Applied) f.engine.specs().reconcile(BOB_B);
    assertThat(reconciled.changes()).isEmpty();
    assertThat(f.engine.specs().list(BOB_B)).extracting(ConnectorSpec::name).containsExactly("b-spec");
    assertThat(f.engine.instances().enable("a-spec", ALICE_A)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  private static void webhooks(CrossTenantFixture f) {
    WebhookService hooks = f.engine.webhooks();
    assertThat(hooks.subscriptions("a-ledger", BOB_B)).isEmpty();
    List<Function<String, Object>> verbs = List.of(
        id -> hooks.revealSecret(id, "events", BOB_B),
        id -> hooks.rotateSecret(id, "events", Duration.ofMinutes(5), BOB_B),
        id -> hooks.enable(id, "events", BOB_B),
        id -> hooks.disable(id, "events", BOB_B),
        id -> hooks.renew(id, "events", BOB_B),
        id -> hooks.unsubscribe(id, "events", BOB_B));
    for (Function<String, Object> verb : verbs) {
      Object foreign = verb.apply("a-ledger");
      Object missing = verb.apply("b-guess");
      assertThat(foreign).isNotInstanceOf(SecretOutcome.Issued.class);
      assertThat(foreign.toString().replace("a-ledger", "b-guess")).isEqualTo(missing.toString());
    }
    // inside A's project, a caller who is not in the owning group uses the instance but cannot touch its secrets
    Caller carol = new Caller("carol", List.of("team-c"), "proj-a");
    assertThat(hooks.subscriptions("a-ledger", carol)).isNotEmpty();
    assertThat(hooks.revealSecret("a-ledger", "events", carol)).isInstanceOfSatisfying(SecretOutcome.Refused.class,
        r -> assertThat(r.code()).isEqualTo("not_owner"));
    assertThat(hooks.rotateSecret("a-ledger", "events", Duration.ZERO, carol))
        .isInstanceOfSatisfying(SecretOutcome.Refused.class, r -> assertThat(r.code()).isEqualTo("not_owner"));
    assertThat(hooks.disable("a-ledger", "events", carol)).isInstanceOfSatisfying(
        SubscriptionOutcome.Refused.class, r -> assertThat(r.code()).isEqualTo("not_owner"));
  }

  private static void auditQueries(CrossTenantFixture f) {
    if (f.stores.audit() == null) {
      return;
    }
    AuditPage page = f.stores.audit().query(AuditQuery.between(Instant.EPOCH, Instant.now().plusSeconds(60))
        .withProject("proj-b").withLimit(AuditQuery.MAX_LIMIT));
    assertThat(page.events()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.projectId()).isEqualTo("proj-b");
      assertThat(e.userId()).isEqualTo("bob");
    });
    List<AuditEvent> probes = page.events().stream().filter(e -> e.details().containsKey("tenant_boundary"))
        .toList();
    assertThat(probes).as("refused probes are marked for operators").isNotEmpty();
    AuditPage aliceSide = f.stores.audit().query(AuditQuery.between(Instant.EPOCH, Instant.now().plusSeconds(60))
        .withProject("proj-a").withLimit(AuditQuery.MAX_LIMIT));
    assertThat(aliceSide.events()).isNotEmpty().allSatisfy(e -> assertThat(e.userId()).isIn("alice", "carol"));
  }

  private static Failed rejected(LifecycleOutcome out) {
    return ((LifecycleOutcome.Refused) out).failure();
  }
}
