package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("REQ-DECL-007")
@Tag("REQ-DECL-002")
class SpecReconcilerTest {
  private static final Caller RECONCILER = new Caller("reconciler", java.util.List.of("7b2c..."), "3a91...");
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final InMemoryInstanceStore store = new InMemoryInstanceStore();
  private final ConnectorEngine engine = ConnectorEngines.builder().register(new ImapTestType().type("1.0.0"))
      .instanceStore(store).auditSink(audit).policy(PolicyEngine.allowAll()).credentials(ImapTestType.vault())
      .build();
  private final List<SpecOutcome> seen = new CopyOnWriteArrayList<>();
  @TempDir
  Path dir;
  private SpecReconciler reconciler;

  @AfterEach
  void close() {
    if (reconciler != null) {
      reconciler.close();
    }
    engine.close();
  }

  private SpecReconciler reconciler() {
    reconciler = new SpecReconciler(engine.specs(), RECONCILER, dir, seen::add);
    return reconciler;
  }

  private static String seed(String from, String to) {
    return ImapTestType.seedExample().replace(from, to);
  }

  private ConnectorInstance instance(String name) {
    return store.find(name).orElseThrow();
  }

  @Test
  void aDirectoryIsAppliedUpdatedAndPrunedAsFilesChange() throws Exception {
    Files.writeString(dir.resolve("ops-mail.yaml"), ImapTestType.seedExample());
    Files.writeString(dir.resolve("other.json"), "{\"apiVersion\":\"cynodeai.io/v1alpha1\",\"kind\":\"Connector\","
        + "\"metadata\":{\"name\":\"other\",\"owner\":{\"type\":\"group\",\"id\":\"7b2c...\"},\"projectId\":\"3a91...\"},"
        + "\"spec\":{\"type\":\"imap\",\"typeVersion\":\"1\",\"enabled\":false,\"config\":{\"host\":\"h\",\"port\":143}}}");
    Files.writeString(dir.resolve("README.md"), "not a spec");
    SpecOutcome first = reconciler().syncNow();
    assertThat(((SpecOutcome.Applied) first).changes()).extracting(SpecChange::name, SpecChange::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ops-mail", SpecChange.Kind.CREATE),
            org.assertj.core.groups.Tuple.tuple("other", SpecChange.Kind.CREATE));
    assertThat(instance("ops-mail").status()).isEqualTo(InstanceStatus.ACTIVE);
    assertThat(instance("other").status()).isEqualTo(InstanceStatus.DISABLED);

    assertThat(((SpecOutcome.Applied) reconciler.syncNow()).changes()).isEmpty();

    Files.writeString(dir.resolve("ops-mail.yaml"), seed("port: 993", "port: 994"));
    Files.delete(dir.resolve("other.json"));
    SpecOutcome second = reconciler.syncNow();
    assertThat(((SpecOutcome.Applied) second).changes()).extracting(SpecChange::name, SpecChange::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ops-mail", SpecChange.Kind.UPDATE),
            org.assertj.core.groups.Tuple.tuple("other", SpecChange.Kind.DELETE));
    assertThat(instance("ops-mail").config().get("port").asInt()).isEqualTo(994);
    assertThat(instance("other").deleted()).isTrue();
  }

  @Test
  void aPruneSelectorPrunesFilesDeletedWhileNoReconcilerRanAndLeavesOtherSpecsAlone() throws Exception {
    String labelled = "metadata:\n  labels:\n    repo: ops\n";
    Files.writeString(dir.resolve("ops-mail.yaml"), seed("metadata:\n", labelled));
    Files.writeString(dir.resolve("gone.yaml"), seed("metadata:\n", labelled).replace("name: ops-mail",
        "name: gone"));
    reconciler().pruneSelector(java.util.Map.of("repo", "ops")).syncNow();
    engine.specs().apply(io.cynodeai.connector.api.spec.SpecSource.of(seed("name: ops-mail", "name: by-hand")),
        RECONCILER);
    reconciler.close();
    Files.delete(dir.resolve("gone.yaml"));

    SpecReconciler unselected = new SpecReconciler(engine.specs(), RECONCILER, dir, seen::add);
    assertThat(((SpecOutcome.Applied) unselected.syncNow()).changes()).extracting(SpecChange::kind)
        .containsOnly(SpecChange.Kind.UNCHANGED); // in-memory ownership only: a restart forgets "gone"
    assertThat(instance("gone").deleted()).isFalse();

    Files.writeString(dir.resolve("ops-mail.yaml"), seed("metadata:\n", labelled) + "\n"); // a new fingerprint
    SpecReconciler restarted = new SpecReconciler(engine.specs(), RECONCILER, dir, seen::add)
        .pruneSelector(java.util.Map.of("repo", "ops"));
    SpecOutcome.Applied out = (SpecOutcome.Applied) restarted.syncNow();
    assertThat(out.changes()).extracting(SpecChange::name, SpecChange::kind)
        .contains(org.assertj.core.groups.Tuple.tuple("gone", SpecChange.Kind.DELETE));
    assertThat(instance("gone").deleted()).isTrue();
    assertThat(instance("by-hand").deleted()).isFalse();
    assertThat(engine.specs().get("by-hand", RECONCILER)).isPresent();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> restarted.pruneSelector(java.util.Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Tag("REQ-DECL-009")
  void anInvalidFileLeavesThePreviousStateInEffectAndNamesTheFile() throws Exception {
    Files.writeString(dir.resolve("ops-mail.yaml"), ImapTestType.seedExample());
    reconciler().syncNow();
    Files.writeString(dir.resolve("ops-mail.yaml"), seed("port: 993", "port: 994"));
    Files.writeString(dir.resolve("broken.yaml"), seed("name: ops-mail", "name: broken").replace("tls: true",
        "tls: maybe"));
    SpecOutcome.Refused r = (SpecOutcome.Refused) reconciler.syncNow();
    assertThat(r.problems()).extracting(SpecProblem::pointer).containsExactly("/spec/config/tls");
    assertThat(r.problems().get(0).message()).startsWith("broken.yaml: ");
    assertThat(instance("ops-mail").config().get("port").asInt()).isEqualTo(993);
    assertThat(store.find("broken")).isEmpty();
  }

  @Test
  @Tag("REQ-DECL-008")
  void pollingPicksUpChangesAndConvergesDrift() throws Exception {
    Files.writeString(dir.resolve("ops-mail.yaml"), ImapTestType.seedExample());
    reconciler().start(Duration.ofMillis(50));
    awaitTrue(() -> store.find("ops-mail").map(i -> i.status() == InstanceStatus.ACTIVE).orElse(false));
    engine.instances().updateConfig("ops-mail", JsonResources.parse("{\"host\":\"elsewhere\",\"port\":1}"),
        new Caller("mallory", java.util.List.of("7b2c..."), "3a91..."));
    awaitTrue(() -> instance("ops-mail").config().get("host").asText().equals("imap.example.com"));
    assertThat(audit.events(e -> e.type() == AuditEventType.SPEC && e.action().equals("spec.reconcile")))
        .isNotEmpty();
    Files.writeString(dir.resolve("ops-mail.yaml"), seed("enabled: true", "enabled: false"));
    awaitTrue(() -> instance("ops-mail").status() == InstanceStatus.DISABLED);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(20); // polling with a deadline: the condition has no notification
    }
  }
}
