package io.cynodeai.connector.reference.mattermost.integration;

import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.reference.mattermost.MattermostConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.ConnectorCertification;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Certifies the {@code mattermost} connector with the testkit (§15): descriptor, schema, contract, failure
 * simulation, load, response fuzzing and security checklist checks against the in-test peer, with the token leased from an encrypted store.
 */
@Tag("REQ-CERT-001")
@Tag("REQ-CERT-002")
@Tag("REQ-CERT-003")
@Tag("REQ-CERT-004")
class MattermostCertificationTest {
  private static MattermostPeer peer;

  @BeforeAll
  static void startPeer() throws Exception {
    peer = new MattermostPeer();
    peer.seed(MattermostPeer.CHANNEL, "Deploy started", 1_699_999_999_500L);
  }

  @AfterAll
  static void stopPeer() {
    peer.close();
  }

  @TestFactory
  Stream<DynamicTest> certification() throws Exception {
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("cert"));
    store.put("mattermost-token", MattermostPeer.TOKEN.toCharArray());
    return ConnectorCertification.of(new MattermostConnectorProvider())
        .config(JsonResources.parse("{\"serverUrl\":\"" + peer.url() + "\"}"))
        .allowLoopbackEgress() // the stand-in server runs on loopback, which the default egress refuses
        .credentials(CredentialVault.of(store), Map.of("token", SecretRef.parse("store:mattermost-token")))
        .dynamicTests();
  }
}
