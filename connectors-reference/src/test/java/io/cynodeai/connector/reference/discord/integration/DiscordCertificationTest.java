package io.cynodeai.connector.reference.discord.integration;

import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.reference.discord.DiscordConnectorProvider;
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
 * Certifies the {@code discord} connector with the testkit (§15): descriptor, schema, contract, failure
 * simulation, load, response fuzzing and security checklist checks against the in-test peer, with the token leased from an encrypted store.
 */
@Tag("REQ-CERT-001")
@Tag("REQ-CERT-002")
@Tag("REQ-CERT-003")
@Tag("REQ-CERT-004")
class DiscordCertificationTest {
  private static DiscordPeer peer;

  @BeforeAll
  static void startPeer() throws Exception {
    peer = new DiscordPeer();
    // Certification measures the connector, not the emulated quota (DiscordRateLimitTest covers that): with
    // Discord's 50 requests per bucket, the load run would wait out reset windows instead.
    peer.bucketLimit = 1_000_000;
    peer.seed("Deploy started");
  }

  @AfterAll
  static void stopPeer() {
    peer.close();
  }

  @TestFactory
  Stream<DynamicTest> certification() throws Exception {
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("cert"));
    store.put("discord-token", DiscordPeer.TOKEN.toCharArray());
    return ConnectorCertification.of(new DiscordConnectorProvider())
        .config(JsonResources.parse("{\"apiUrl\":\"" + peer.apiUrl() + "\"}"))
        .allowLoopbackEgress() // the stand-in server runs on loopback, which the default egress refuses
        .credentials(CredentialVault.of(store), Map.of("token", SecretRef.parse("store:discord-token")))
        .dynamicTests();
  }
}
