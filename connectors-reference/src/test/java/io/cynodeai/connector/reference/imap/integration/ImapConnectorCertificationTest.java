package io.cynodeai.connector.reference.imap.integration;

import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.testkit.ConnectorCertification;
import java.time.Duration;
import java.time.Instant;
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
  private static ImapHarness h;

  @BeforeAll
  static void seed() throws Exception {
    h = ImapHarness.start(new ImapConnectorProvider());
    h.deliver("alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.",
        Instant.parse("2025-01-01T12:00:00Z"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @TestFactory
  Stream<DynamicTest> certification() {
    return ConnectorCertification.of(new ImapConnectorProvider())
        .config(h.config("\"mailbox\":\"INBOX\",\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"))
        .egress(ImapHarness::ownServerOnly)
        .credentials(h.vault, ImapHarness::credentials)
        // Every call logs in and selects the mailbox: GreenMail answers that in about 250 ms on loopback
        // (it flushes each response line, so Nagle and delayed ACKs add ~40 ms per multi-line answer).
        .simulationTimeout(Duration.ofSeconds(1))
        .dynamicTests();
  }
}
