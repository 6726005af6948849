package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Credential leases in the engine: decrypted only in the execution stage, wiped when the operation ends. */
class CredentialLeaseTest {
  private static final SecretRef TOKEN = SecretRef.parse("store:github");

  private final LocalKeyManagementService kms = new LocalKeyManagementService("kek");
  private final EncryptedSecretStore store = new EncryptedSecretStore(kms);
  private final CredentialVault vault = CredentialVault.of(store);
  private final List<char[]> seen = new CopyOnWriteArrayList<>();

  CredentialLeaseTest() throws Exception {
    store.put("github", "token-v1".toCharArray());
  }

  @Test
  @Tag("REQ-CRED-003")
  @Tag("REQ-CRED-004")
  void theLeaseIsZeroFilledAfterASuccessfulOperation() {
    try (EngineHarness h = harness(ctx -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}")))) {
      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(outcome).isInstanceOf(Succeeded.class);
      assertThat(seen).hasSize(1);
      assertZeroed(seen.get(0), "token-v1".length());
    }
  }

  @Test
  @Tag("REQ-CRED-004")
  void theLeaseIsZeroFilledAfterAFailedOperation() {
    try (EngineHarness h = harness(ctx -> {
      throw ProviderException.permanentFailure("boom", "the provider refused", null);
    })) {
      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(((Failed) outcome).code()).isEqualTo("boom");
      assertZeroed(seen.get(0), "token-v1".length());
    }
  }

  @Test
  @Tag("REQ-CRED-004")
  void theLeaseIsZeroFilledWhenTheOperationTimesOutEvenIfTheHandlerIsStillRunning() {
    try (EngineHarness h = harness(ctx -> {
      long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < end) {
        Thread.onSpinWait(); // ignores interruption on purpose
      }
      return HandlerResult.of(EngineHarness.json("{\"text\":\"late\"}"));
    })) {
      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(((Failed) outcome).code()).isEqualTo("timeout");
      assertZeroed(seen.get(0), "token-v1".length());
    }
  }

  @Test
  @Tag("REQ-CRED-003")
  void withoutConfiguredCredentialsTheHandlerGetsNoLease() {
    try (EngineHarness h = new EngineHarness(TestTypes.type("plain", TestTypes.echo((ctx, input) ->
        HandlerResult.of(EngineHarness.json("{\"text\":\"" + ctx.credentials().lease().isPresent() + "\"}"))))
        .build())) {
      Outcome outcome = h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(((Succeeded) outcome).response().data().path("text").asText()).isEqualTo("false");
    }
  }

  @Test
  @Tag("REQ-CRED-006")
  void rotationEndsAnOpenLeaseSoThePreviousValueCannotBeUsed() throws Exception {
    try (CredentialVault.Scope scope = vault.open(Map.of("token", TOKEN))) {
      CredentialLease lease = scope.lease().orElseThrow();
      char[] view = lease.secret("token");

      store.put("github", "token-v2".toCharArray());
      vault.rotated(TOKEN);

      assertZeroed(view, "token-v1".length());
      assertThatThrownBy(() -> lease.secret("token")).isInstanceOf(IllegalStateException.class)
          .hasMessage("the credential lease has ended: a credential was rotated");
      assertThat(new String(scope.lease().orElseThrow().secret("token"))).isEqualTo("token-v2");
    }
  }

  @Test
  @Tag("REQ-CRED-007")
  @Tag("REQ-CRED-008")
  void rotationRechecksHealthWithTheNewValueAndIsAudited() throws Exception {
    try (EngineHarness h = harness(ctx -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}")))) {
      h.audit.clear();

      store.put("github", "revoked-by-provider".toCharArray());
      vault.rotated(TOKEN);

      assertThat(h.engine.instances().get("inst-1", EngineHarness.ALICE).orElseThrow().status())
          .isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(h.audit.events(e -> e.type() == AuditEventType.HEALTH_CHECK)).hasSize(1);
      AuditEvent rotation = h.audit.events(e -> e.action().equals("credential.rotate")).get(0);
      assertThat(rotation.details()).containsEntry("secret_ref", "store:github")
          .containsEntry("health", "credentialsrejected").containsEntry("status", "credential_expired");
      assertThat(h.audit.events().toString()).doesNotContain("revoked-by-provider").doesNotContain("token-v1");

      store.put("github", "token-v3".toCharArray());
      vault.rotated(TOKEN);

      assertThat(h.engine.instances().get("inst-1", EngineHarness.ALICE).orElseThrow().status())
          .isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  @Test
  @Tag("REQ-CRED-004")
  void revocationWipesAnOpenLease() {
    try (CredentialVault.Scope scope = vault.open(Map.of("token", TOKEN))) {
      char[] view = scope.lease().orElseThrow().secret("token");

      vault.revoked(TOKEN);

      assertZeroed(view, "token-v1".length());
    }
  }

  @Test
  void anUnknownSecretRefFailsTheCallCleanly() {
    try (EngineHarness h = harness(Map.of("token", SecretRef.parse("store:nope")))) {
      Failed failed = (Failed) h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(failed.code()).isEqualTo("credential_unavailable");
      assertThat(failed.message()).isEqualTo("credential 'token' (store:nope) does not exist");
    }
  }

  @Test
  void aDestroyedKeyFailsTheCallCleanly() throws Exception {
    try (EngineHarness h = harness(ctx -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}")))) {
      kms.rotate();
      kms.destroy(1);

      Failed failed = (Failed) h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(failed.code()).isEqualTo("credential_unavailable");
      assertThat(failed.message()).isEqualTo(
          "credential 'token' (store:github) is unavailable: key 'kek' version 1 was destroyed");
    }
  }

  @Test
  void aCorruptedCiphertextFailsTheCallWithoutAnyPlaintext() {
    try (EngineHarness h = harness(ctx -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}")))) {
      EncryptedSecretStore.Sealed s = store.sealed("github").orElseThrow();
      byte[] bad = s.ciphertext();
      bad[bad.length - 1] ^= 0x55;
      store.restore("github", new EncryptedSecretStore.Sealed(s.version(), s.dataKey(), s.iv(), bad));

      Failed failed = (Failed) h.invoke("echo", "{\"text\":\"hi\"}");

      assertThat(failed.code()).isEqualTo("credential_unavailable");
      assertThat(failed.message()).isEqualTo("credential 'token' (store:github) is unavailable: secret"
          + " store:github failed authentication (AEADBadTagException)");
      assertThat(seen).isEmpty();
    }
  }

  interface Body {
    HandlerResult run(io.cynodeai.connector.spi.OperationContext ctx) throws Exception;
  }

  private EngineHarness harness(Body body) {
    return harness(Map.of("token", TOKEN), body);
  }

  /** Refs that cannot be resolved: the health check leases nothing, so that the instance can be enabled. */
  private EngineHarness harness(Map<String, SecretRef> refs) {
    OperationHandler handler = (ctx, input) -> {
      seen.add(ctx.credentials().lease().orElseThrow().secret("token"));
      return HandlerResult.of(input);
    };
    return new EngineHarness(TestTypes.type("unresolvable", TestTypes.echo(handler)).build(),
        b -> b.credentials(vault, instance -> refs));
  }

  private EngineHarness harness(Map<String, SecretRef> refs, Body body) {
    OperationHandler handler = (ctx, input) -> {
      seen.add(ctx.credentials().lease().orElseThrow().secret("token"));
      return body.run(ctx);
    };
    ConnectorType type = TestTypes.type("secretive", TestTypes.echo(handler).maxTimeout(Duration.ofMillis(300)))
        .healthCheck(ctx -> ctx.credentials().lease()
            .map(l -> new String(l.secret("token")).startsWith("token") ? HealthResult.healthy()
                : HealthResult.credentialsRejected("the provider rejected the token"))
            .orElse(HealthResult.healthy()))
        .build();
    return new EngineHarness(type, b -> b.credentials(vault, instance -> refs));
  }

  private static void assertZeroed(char[] buffer, int length) {
    assertThat(buffer).hasSize(length).containsOnly('\0');
  }
}
