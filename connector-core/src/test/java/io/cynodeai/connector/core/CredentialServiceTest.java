package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code engine.credentials()}: a caller tells the engine an instance's secret was rotated or revoked at its
 * source; governed (policy, owner only), audited with the caller, and it affects that instance alone.
 */
class CredentialServiceTest {
  private final EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
  private final CredentialVault vault = CredentialVault.of(store);

  CredentialServiceTest() throws Exception {
    store.put("github", "token-v1".toCharArray());
  }

  /** Healthy while the token starts with "token"; the provider rejects anything else. */
  private EngineHarness harness() {
    ConnectorType type = TestTypes.type("secretive", TestTypes.echo((ctx, in) -> HandlerResult.of(in)))
        .healthCheck(ctx -> ctx.credentials().lease()
            .map(l -> new String(l.secret("token")).startsWith("token") ? HealthResult.healthy()
                : HealthResult.credentialsRejected("the provider rejected the token"))
            .orElse(HealthResult.unhealthy("no credentials")))
        .build();
    return new EngineHarness(type, b -> b.credentials(vault, i -> Map.of("token", SecretRef.parse("store:github")))
        .policy(ctx -> ctx.action() == Action.CREDENTIAL_MANAGE && ctx.userId().equals("bob")
            ? PolicyDecision.deny("bob may not manage credentials") : PolicyDecision.allow("test")));
  }

  @Test
  @Tag("REQ-CRED-006")
  @Tag("REQ-CRED-007")
  @Tag("REQ-CRED-008")
  void aRotationReChecksTheInstanceWithTheNewSecretAndIsAuditedWithTheCaller() throws Exception {
    try (EngineHarness h = harness()) {
      store.put("github", "revoked-by-provider".toCharArray());
      LifecycleOutcome.Applied bad = (LifecycleOutcome.Applied) h.engine.credentials().rotated("inst-1",
          EngineHarness.ALICE);
      assertThat(bad.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(bad.unhealthy()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("credential_expired"));

      store.put("github", "token-v2".toCharArray());
      LifecycleOutcome.Applied good = (LifecycleOutcome.Applied) h.engine.credentials().rotated("inst-1",
          EngineHarness.ALICE);
      assertThat(good.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(h.audit.events(e -> e.type() == AuditEventType.LIFECYCLE && e.action().equals("credential.rotate")))
          .hasSize(2).allSatisfy(e -> {
            assertThat(e.userId()).isEqualTo("alice");
            assertThat(e.details()).containsKey("leases_ended");
          });
    }
  }

  @Test
  @Tag("REQ-CRED-006")
  void aRevocationStopsTheInstanceUntilARotationFindsWorkingCredentials() {
    try (EngineHarness h = harness()) {
      LifecycleOutcome.Applied revoked = (LifecycleOutcome.Applied) h.engine.credentials().revoked("inst-1",
          EngineHarness.ALICE);
      assertThat(revoked.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(((Failed) h.invoke("echo", "{\"text\":\"x\"}")).code()).isEqualTo("instance_not_active");

      assertThat(((LifecycleOutcome.Applied) h.engine.credentials().rotated("inst-1", EngineHarness.ALICE))
          .instance().status()).isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  @Test
  @Tag("REQ-POLICY-001")
  void onlyTheOwnerThePolicyAllowsMayRotateAndAnotherTenantSeesNoInstance() {
    try (EngineHarness h = harness()) {
      Failed denied = ((LifecycleOutcome.Refused) h.engine.credentials().rotated("inst-1",
          Caller.user("bob", "proj-a"))).failure();
      assertThat(denied.code()).isEqualTo("policy_denied");
      assertThat(denied.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      Failed foreign = ((LifecycleOutcome.Refused) h.engine.credentials().revoked("inst-1",
          Caller.user("mallory", "proj-b"))).failure();
      assertThat(foreign.code()).isEqualTo("unknown_instance");
      assertThat(h.engine.instances().get("inst-1", EngineHarness.ALICE).orElseThrow().status())
          .as("nothing changed").isEqualTo(InstanceStatus.ACTIVE);
      assertThat(h.audit.events(e -> e.action().equals("credential.revoke") && "unknown_instance"
          .equals(e.errorCode()))).hasSize(1);
    }
  }
}
