package io.cynodeai.connector.reference.imap.integration;

import static io.cynodeai.connector.reference.imap.integration.GreenMailServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.reference.imap.ImapRedaction;
import io.cynodeai.connector.testkit.TestHost;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Redaction chosen by the host: the engine replaces the values and reports each pointer (§3.3). */
class ImapRedactionTest {

  @Test
  void addressesAndContentAreRedactedAndReportedWhenConfigured() throws Exception {
    try (GreenMailServer mail = GreenMailServer.start()) {
      long uid = mail.deliver("alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.", Instant.now());
      try (TestHost h = mail.host(new ImapConnectorProvider(Duration.ofSeconds(10),
          Set.of(ImapRedaction.ADDRESSES, ImapRedaction.CONTENT)), "redacted").start()) {
        NormalizedResponse inbox = ((Succeeded) h.invoke("readInbox", json("{}"))).response();
        NormalizedResponse message = ((Succeeded) h.invoke("getMessage", json("{\"uid\":" + uid + "}")))
            .response();

        assertThat(inbox.redactionsApplied()).containsExactlyInAnyOrder("/messages/0/from", "/messages/0/to/0",
            "/messages/0/subject", "/messages/0/snippet");
        assertThat(inbox.data().toString()).doesNotContain("example.com").doesNotContain("db-1");
        assertThat(message.redactionsApplied()).containsExactlyInAnyOrder("/from", "/to/0", "/subject",
            "/body/text");
        assertThat(message.data().path("body").path("text").asText()).isEqualTo("[REDACTED]");
        assertThat(message.data().path("uid").asLong()).isEqualTo(uid);
      }
    }
  }
}
