package io.cynodeai.connector.core.credentials.integration;

import static io.cynodeai.connector.core.credentials.integration.SecretScopeFixture.ALICE_A;
import static io.cynodeai.connector.core.credentials.integration.SecretScopeFixture.BOB_B;
import static io.cynodeai.connector.core.credentials.integration.SecretScopeFixture.CAROL_C;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretScope;
import io.cynodeai.connector.core.spec.SpecReconciler;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret references stay inside their tenant (§8, §12): a spec reaches its own scope's secrets and host secrets
 * granted to its scope, nothing else, on validate, diff, apply, the reconciler, calls, health checks and
 * deletion. Each case is one a security tester ran against the engine: a project naming another project's
 * stored secret, or a host environment variable, with {@code serverUrl} pointing at its own server.
 */
@Tag("REQ-TENANT-004")
@Tag("REQ-DECL-004")
class CrossTenantSecretsTest {
  private static final SecretScope PROJ_A = SecretScope.project("proj-a");
  private static final SecretScope PROJ_B = SecretScope.project("proj-b");
  private static final String A_TOKEN = "A-TOKEN-do-not-send-4f1e";
  private static final String HOST_PASSWORD = "HOST-DB-PASSWORD-77aa";

  private static SecretScopeFixture fixture(UnaryOperator<io.cynodeai.connector.core.credentials.CredentialVault> g)
      throws Exception {
    SecretScopeFixture f = new SecretScopeFixture(Map.of("HOST_DB_PASSWORD", HOST_PASSWORD,
        "SHARED_DB_PASSWORD", "shared-db-password"), g);
    f.store.put(PROJ_A, "a-mm/token", A_TOKEN.toCharArray());
    return f;
  }

  private static SecretScopeFixture fixture() throws Exception {
    return fixture(v -> v);
  }

  private static void assertRefusedOutOfScope(List<SpecProblem> problems) {
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.pointer()).isEqualTo("/spec/credentials/secretRef/name");
      assertThat(p.code()).isEqualTo("secret_not_in_scope");
    });
  }

  @Test
  void aSpecNamingAnotherProjectsStoredSecretIsRefusedBeforeAnythingIsSent() throws Exception {
    try (SecretScopeFixture f = fixture()) {
      String yaml = f.spec("b-mail", BOB_B, "store", "a-mm", "token");

      assertRefusedOutOfScope(f.engine.specs().validate(SpecSource.of(yaml)).problems());
      SpecOutcome diff = f.engine.specs().diff(SpecSource.of(yaml), BOB_B);
      SpecOutcome applied = f.engine.specs().apply(SpecSource.of(yaml), BOB_B);

      assertRefusedOutOfScope(((SpecOutcome.Refused) diff).problems());
      assertRefusedOutOfScope(((SpecOutcome.Refused) applied).problems());
      assertThat(f.received).as("no health check, connection or lease reached B's server").isEmpty();
      assertThat(f.engine.instances().get("b-mail", BOB_B)).isEmpty();
      assertThat(f.store.holds(PROJ_A, "a-mm/token")).isTrue();
    }
  }

  @Test
  void aSpecNamingAHostEnvironmentVariableIsRefusedBeforeAnythingIsSent() throws Exception {
    try (SecretScopeFixture f = fixture()) {
      String yaml = f.spec("b-db", BOB_B, "env", "host-db", "password");

      SpecOutcome applied = f.engine.specs().apply(SpecSource.of(yaml), BOB_B);

      assertRefusedOutOfScope(((SpecOutcome.Refused) applied).problems());
      assertThat(f.received).isEmpty();
    }
  }

  @Test
  void theRefusalReadsTheSameForAnotherTenantsSecretAndOneThatDoesNotExist() throws Exception {
    try (SecretScopeFixture f = fixture()) {
      List<SpecProblem> foreign = f.engine.specs().validate(SpecSource.of(
          f.spec("b-mail", BOB_B, "store", "a-mm", "token"))).problems();
      List<SpecProblem> missing = f.engine.specs().validate(SpecSource.of(
          f.spec("b-mail", BOB_B, "store", "zz-mm", "token"))).problems();

      assertThat(foreign.toString().replace("a-mm", "zz-mm")).isEqualTo(missing.toString());
      assertThat(foreign.toString()).doesNotContain("proj-a").doesNotContain(A_TOKEN);
    }
  }

  @Test
  void theReconcilerRefusesTheSameSpecFromAFile(@TempDir Path dir) throws Exception {
    try (SecretScopeFixture f = fixture()) {
      Files.writeString(dir.resolve("b-mail.yaml"), f.spec("b-mail", BOB_B, "store", "a-mm", "token"));
      try (SpecReconciler reconciler = new SpecReconciler(f.engine.specs(), BOB_B, dir, outcome -> { })) {
        SpecOutcome outcome = reconciler.syncNow();

        assertThat(outcome).isInstanceOf(SpecOutcome.Refused.class);
        assertThat(((SpecOutcome.Refused) outcome).problems()).extracting(SpecProblem::code)
            .contains("secret_not_in_scope");
      }
      assertThat(f.received).isEmpty();
    }
  }

  @Test
  void eachProjectsStoreNameIsItsOwnAndDeletionWipesOnlyTheDeletingProjectsSecret() throws Exception {
    try (SecretScopeFixture f = fixture()) {
      f.store.put(PROJ_A, "mail/token", "alpha-mail-token".toCharArray());
      f.store.put(PROJ_B, "mail/token", "bravo-mail-token".toCharArray());
      assertThat(f.engine.specs().apply(SpecSource.of(f.spec("a-mail", ALICE_A, "store", "mail", "token")), ALICE_A))
          .isInstanceOf(SpecOutcome.Applied.class);
      assertThat(f.engine.specs().apply(SpecSource.of(f.spec("b-mail", BOB_B, "store", "mail", "token")), BOB_B))
          .isInstanceOf(SpecOutcome.Applied.class);
      assertThat(f.engine.invoke(InvocationRequest.of("b-mail", "send", JsonResources.parse("{}"), BOB_B)))
          .isInstanceOf(Succeeded.class);

      assertThat(f.received).filteredOn(r -> r.startsWith("/b-mail")).isNotEmpty()
          .allSatisfy(r -> assertThat(r).isEqualTo("/b-mail Bearer bravo-mail-token"));
      assertThat(f.received).filteredOn(r -> r.startsWith("/a-mail")).isNotEmpty()
          .allSatisfy(r -> assertThat(r).isEqualTo("/a-mail Bearer alpha-mail-token"));

      assertThat(f.engine.specs().delete("b-mail", BOB_B)).isInstanceOf(SpecOutcome.Applied.class);

      assertThat(f.store.holds(PROJ_B, "mail/token")).isFalse();
      assertThat(f.store.holds(PROJ_A, "mail/token")).isTrue();
      assertThat(f.audit.events(e -> e.action().equals("credential_wipe"))).singleElement().satisfies(e -> {
        assertThat(e.connectorInstanceId()).isEqualTo("b-mail");
        assertThat(e.outcome()).isEqualTo(AuditEvent.SUCCEEDED);
      });
    }
  }

  @Test
  void aGrantMakesOneHostSecretReachableToOneProjectAndDeletionLeavesItToTheHost() throws Exception {
    try (SecretScopeFixture f = fixture(v -> v.grant(PROJ_B, SecretRef.parse("env:shared-db"))
        .grant(PROJ_B, SecretRef.parse("store:host-relay")))) {
      f.store.put("host-relay/token", "host-relay-token".toCharArray());

      assertThat(f.engine.specs().apply(SpecSource.of(f.spec("b-db", BOB_B, "env", "shared-db", "password")), BOB_B))
          .isInstanceOf(SpecOutcome.Applied.class);
      assertThat(f.engine.specs().apply(SpecSource.of(f.spec("b-relay", BOB_B, "store", "host-relay", "token")),
          BOB_B)).isInstanceOf(SpecOutcome.Applied.class);
      SpecOutcome carol = f.engine.specs().apply(SpecSource.of(f.spec("c-db", CAROL_C, "env", "shared-db",
          "password")), CAROL_C);
      SpecOutcome other = f.engine.specs().apply(SpecSource.of(f.spec("b-host", BOB_B, "env", "host-db",
          "password")), BOB_B);

      assertRefusedOutOfScope(((SpecOutcome.Refused) carol).problems());
      assertRefusedOutOfScope(((SpecOutcome.Refused) other).problems());
      assertThat(f.received).containsOnly("/b-db Bearer shared-db-password", "/b-relay Bearer host-relay-token");

      f.engine.specs().delete("b-relay", BOB_B);
      assertThat(f.store.holds("host-relay/token")).as("a granted host secret stays the host's").isTrue();
    }
  }

  @Test
  void revokingAGrantPutsTheSecretOutOfReachFromTheNextLease() throws Exception {
    try (SecretScopeFixture f = fixture(v -> v.grant(PROJ_B, SecretRef.parse("env:shared-db")))) {
      f.engine.specs().apply(SpecSource.of(f.spec("b-db", BOB_B, "env", "shared-db", "password")), BOB_B);
      int sent = f.received.size();

      assertThat(f.vault.revokeGrant(PROJ_B, SecretRef.parse("env:shared-db"))).isTrue();

      assertThat(f.engine.invoke(InvocationRequest.of("b-db", "send", JsonResources.parse("{}"), BOB_B)).toString())
          .contains("credential_unavailable").doesNotContain("shared-db-password");
      assertThat(f.received).hasSize(sent);
    }
  }
}
