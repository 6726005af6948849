package io.cynodeai.connector.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Deleting an instance wipes its secrets in the real {@link EncryptedSecretStore} and ends its open leases. */
@Tag("REQ-TENANT-005")
class CredentialWipeOnDeletionTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final Map<String, Map<String, SecretRef>> REFS = Map.of(
      "inst-a", Map.of("token", SecretRef.parse("store:a-token"), "shared", SecretRef.parse("store:shared"),
          "env", SecretRef.parse("env:PATH")),
      "inst-b", Map.of("token", SecretRef.parse("store:b-token"), "shared", SecretRef.parse("store:shared")));

  private static final SecretScope PROJ_A = SecretScope.project("proj-a");
  private final EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final CountDownLatch leased = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile CredentialLease heldLease;
  private volatile char[] heldBuffer;

  private ConnectorType type() {
    return ConnectorType.builder("vaulted", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("hold").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              heldLease = ctx.credentials().lease().orElseThrow();
              heldBuffer = heldLease.secret("token");
              leased.countDown();
              release.await(5, TimeUnit.SECONDS);
              heldLease.secret("token"); // the lease ended under the handler: this throws
              return HandlerResult.of(in);
            }))
        .build();
  }

  private ConnectorEngine engine() throws Exception {
    secrets.put(PROJ_A, "a-token", "alpha-secret".toCharArray());
    secrets.put(PROJ_A, "b-token", "bravo-secret".toCharArray());
    secrets.put(PROJ_A, "shared", "shared-secret".toCharArray());
    secrets.put("shared", "the-hosts-own-secret".toCharArray()); // a host secret of the same name
    ConnectorEngine engine = ConnectorEngines.builder().register(type()).auditSink(audit)
        .policy(PolicyEngine.allowAll())
        .credentials(CredentialVault.of(secrets, SecretProviders.environment()), i -> REFS.get(i.id())).build();
    for (String id : REFS.keySet()) {
      engine.instances().install(InstanceDefinition.builder(id, "vaulted").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      engine.instances().enable(id, ALICE);
    }
    return engine;
  }

  @Test
  void uninstallErasesTheInstancesOwnStoredSecretsAndKeepsOnesStillInUse() throws Exception {
    try (ConnectorEngine engine = engine()) {
      assertThat(engine.instances().uninstall("inst-a", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

      assertThat(secrets.sealed(PROJ_A, "a-token")).isEmpty();
      assertThat(secrets.resolve(PROJ_A, "a-token")).isEmpty();
      assertThat(secrets.holds(PROJ_A, "shared")).isTrue(); // inst-b still uses it
      assertThat(secrets.holds(PROJ_A, "b-token")).isTrue();
      assertThat(audit.events(e -> e.action().equals("credential_wipe"))).singleElement()
          .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.SUCCEEDED))
          .satisfies(e -> assertThat(e.connectorInstanceId()).isEqualTo("inst-a"));

      assertThat(engine.instances().uninstall("inst-b", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

      assertThat(secrets.holds(PROJ_A, "b-token")).isFalse();
      assertThat(secrets.holds(PROJ_A, "shared")).isFalse(); // the last instance using it is gone
      assertThat(secrets.holds("shared")).as("the host's secret of that name is not the project's").isTrue();
      assertThat(audit.events(e -> e.action().equals("credential_wipe")))
          .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.SUCCEEDED)).hasSize(2);
    }
  }

  @Test
  void uninstallEndsTheLeaseOfACallStillRunningAndZeroesItsBuffers() throws Exception {
    try (ConnectorEngine engine = engine()) {
      CompletableFuture<Outcome> call = CompletableFuture.supplyAsync(() ->
          engine.invoke(InvocationRequest.of("inst-b", "hold", JsonResources.parse("{}"), ALICE)));
      assertThat(leased.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(heldBuffer)).isEqualTo("bravo-secret");

      assertThat(engine.instances().uninstall("inst-b", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

      assertThat(heldBuffer).containsOnly('\0');
      assertThatThrownBy(() -> heldLease.secret("token")).isInstanceOf(IllegalStateException.class)
          .hasMessage("the credential lease has ended: its connector instance was deleted");
      assertThat(secrets.holds(PROJ_A, "b-token")).isFalse();
      release.countDown();
      Outcome outcome = call.get(5, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(Failed.class);
      assertThat(outcome.toString()).doesNotContain("bravo-secret");
    }
  }

  @Test
  void aVaultWithoutEraseableSecretsHoldsNothingAfterTheWipe() {
    CredentialVault vault = CredentialVault.of(SecretProviders.environment());
    assertThat(vault.erase(SecretRef.parse("env:PATH"))).isFalse();
    assertThat(vault.holds(SecretRef.parse("env:PATH"))).isFalse();
    assertThat(vault.erase(SecretRef.parse("nowhere:x"))).isFalse();
  }
}
