package io.cynodeai.connector.reference.imap.integration;

import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.testkit.ConnectorCertification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The testkit's certification of the {@code imap} connector against a real IMAP server holding the message
 * the documented examples read (UID 1, from alerts@example.com), with the credentials leased from the
 * encrypted store and every connection through the egress guard.
 */
@Tag("REQ-CERT-001")
@Tag("REQ-CERT-002")
@Tag("REQ-CERT-003")
@Tag("REQ-CERT-004")
class ImapConnectorCertificationTest {
  private static GreenMailServer mail;

  @BeforeAll
  static void seed() throws Exception {
    mail = GreenMailServer.start();
    mail.deliver("alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.",
        Instant.parse("2025-01-01T12:00:00Z"));
  }

  @AfterAll
  static void stop() {
    mail.close();
  }

  @TestFactory
  Stream<DynamicTest> certification() throws Exception {
    return ConnectorCertification.of(new ImapConnectorProvider())
        .config(mail.config("\"mailbox\":\"INBOX\",\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"))
        .egress(GreenMailServer::ownServerOnly)
        .credentials(vault(), Map.of("username", SecretRef.parse("store:imap-user"),
            "password", SecretRef.parse("store:imap-password")))
        // Every call logs in and selects the mailbox: GreenMail answers that in about 250 ms on loopback
        // (it flushes each response line, so Nagle and delayed ACKs add ~40 ms per multi-line answer).
        .simulationTimeout(Duration.ofSeconds(1))
        .dynamicTests();
  }

  /** The user's name and password sealed in an envelope-encrypted store. */
  private static CredentialVault vault() throws Exception {
    EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("test"));
    secrets.put("imap-user", GreenMailServer.USER.toCharArray());
    secrets.put("imap-password", GreenMailServer.PASSWORD.toCharArray());
    return CredentialVault.of(secrets);
  }
}
