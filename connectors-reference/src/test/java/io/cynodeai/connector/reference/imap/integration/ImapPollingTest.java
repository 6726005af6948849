package io.cynodeai.connector.reference.imap.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.testkit.TestHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Polling the imap connector through the engine against a real IMAP server: new messages are delivered once
 * each, the UID cursor is stored durably (H2) and survives an engine restart, and a changed UIDVALIDITY resets
 * it with a note.
 */
@Tag("REQ-INBOUND-009")
class ImapPollingTest {
  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static final String ALLOW = "\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}";

  @TempDir
  Path dir;

  private final List<PolledEvents> delivered = new CopyOnWriteArrayList<>();

  private static ImapConnectorProvider provider(Duration interval) {
    return new ImapConnectorProvider(ImapConnectorProvider.DEFAULT_MAX_TIMEOUT, Set.of(), interval);
  }

  @Test
  void newMessagesThatPassTheAllowlistArePolledOnceEach() throws Exception {
    try (Stores stores = Stores.h2(dir.resolve("db")); GreenMailServer mail = GreenMailServer.start()) {
      long first = mail.deliver("alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.", T0);
      mail.deliver("news@elsewhere.org", "Weekly news", "Not for the poller.", T0.plusSeconds(60));
      try (TestHost h = host(mail, provider(Duration.ofHours(1)), mail.config(ALLOW), stores).start()) {
        PollReport firstPoll = h.poll();
        PollReport empty = h.poll();
        long second = mail.deliver("alerts@example.com", "Disk 95% on db-1", "Worse.", T0.plusSeconds(120));
        PollReport secondPoll = h.poll();

        assertThat(firstPoll.succeeded()).isTrue();
        assertThat(firstPoll.delivered()).isEqualTo(1);
        assertThat(empty.succeeded()).isTrue();
        assertThat(empty.delivered()).isZero();
        assertThat(secondPoll.delivered()).isEqualTo(1);
        assertThat(uids()).containsExactly(first, second);
        JsonNode event = delivered.get(0).events().get(0);
        assertThat(event.path("from").asText()).isEqualTo("alerts@example.com");
        assertThat(event.path("subject").asText()).isEqualTo("Disk 91% on db-1");
        assertThat(event.path("snippet").asText()).isEqualTo("db-1 /var is 91% full.");
        assertThat(event.path("mailbox").asText()).isEqualTo("INBOX");
        assertThat(secondPoll.cursor()).isEqualTo(event.path("uidValidity").asLong() + ":" + second);
        assertThat(stores.cursors().get("ops", "poll")).contains(secondPoll.cursor());
        assertThat(h.audit().events()).anySatisfy(e -> {
          assertThat(e.type()).isEqualTo(AuditEventType.POLL);
          assertThat(e.connectorInstanceId()).isEqualTo("ops");
        });
      }
    }
  }

  @Test
  void theCursorSurvivesAnEngineRestartOnAnH2Store() throws Exception {
    Path db = dir.resolve("restart");
    Stores stores = Stores.h2(db);
    try (GreenMailServer mail = GreenMailServer.start()) {
      long before = mail.deliver("alerts@example.com", "Before restart", "One.", T0);
      TestHost h = host(mail, provider(Duration.ofHours(1)), mail.config(ALLOW), stores).start();
      try (h) {
        assertThat(h.poll().delivered()).isEqualTo(1);
      }
      stores.close();

      long after = mail.deliver("alerts@example.com", "After restart", "Two.", T0.plusSeconds(60));
      try (Stores reopened = Stores.h2(db);
          TestHost restarted = h.restart(b -> b.stores(reopened).polling(delivered::add))) {
        PollReport report = restarted.poll();

        // The restarted engine's schedule polls the instance at once too, racing this poll for the instance's
        // lock: whichever runs first delivers the new message, and the other then finds nothing new.
        assertThat(report.succeeded()).isTrue();
        assertThat(report.delivered()).isBetween(0, 1);
        assertThat(uids()).containsExactly(before, after); // once each: the cursor survived the restart
      }
    }
  }

  @Test
  void aChangedUidValidityResetsTheCursorAndSaysSo() throws Exception {
    try (Stores stores = Stores.h2(dir.resolve("db")); GreenMailServer mail = GreenMailServer.start()) {
      mail.deliver("alerts", "alerts@example.com", "Old", "Before the mailbox was recreated.", T0);
      try (TestHost h = host(mail, provider(Duration.ofHours(1)), mail.config("\"mailbox\":\"alerts\"," + ALLOW),
          stores).start()) {
        PollReport before = h.poll();

        var folders = mail.mail.getManagers().getImapHostManager();
        folders.deleteMailbox(mail.user, "alerts");
        // GreenMail's UIDVALIDITY is the folder's creation time in seconds: recreate it in a later second.
        Thread.sleep(1100); // the recreated folder needs a later second for a new UIDVALIDITY (see above)
        folders.createMailbox(mail.user, "alerts");
        long fresh = mail.deliver("alerts", "alerts@example.com", "New", "After the mailbox was recreated.",
            T0.plusSeconds(60));
        PollReport after = h.poll();

        assertThat(before.delivered()).isEqualTo(1);
        assertThat(after.succeeded()).isTrue();
        assertThat(after.notes()).singleElement().asString().contains("UIDVALIDITY").contains("reset");
        assertThat(after.cursor()).isNotEqualTo(before.cursor()).endsWith(":" + fresh);
        assertThat(delivered.get(1).notes()).isEqualTo(after.notes());
        assertThat(delivered.get(1).events()).extracting(e -> e.path("subject").asText()).containsExactly("New");
      }
    }
  }

  @Test
  @Tag("REQ-INBOUND-007")
  void theEnginePollsActiveInstancesAtTheTypesIntervalWhenPollingIsOn() throws Exception {
    ImapConnectorProvider provider = provider(Duration.ofMillis(100));
    assertThat(provider.type().polling()).hasValueSatisfying(
        p -> assertThat(p.interval()).isEqualTo(Duration.ofMillis(100)));
    try (Stores stores = Stores.h2(dir.resolve("db")); GreenMailServer mail = GreenMailServer.start();
        TestHost h = host(mail, provider, mail.config(ALLOW), stores).start()) {
      long uid = mail.deliver("alerts@example.com", "Scheduled", "Found without asking.", T0);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (uids().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling with a deadline for the scheduled delivery: it has no notification
      }
      Thread.sleep(300); // a few more poll intervals (100 ms) must pass to show nothing is delivered twice

      assertThat(uids()).containsExactly(uid);
    }
  }

  /** Instance {@code ops} of {@code provider}'s type on {@code mail}, cursors in {@code stores}, events to here. */
  private TestHost.Builder host(GreenMailServer mail, ImapConnectorProvider provider, JsonNode config, Stores stores) {
    return mail.host(provider, "ops").config(config).engine(b -> b.stores(stores).polling(delivered::add));
  }

  private List<Long> uids() {
    return delivered.stream().flatMap(d -> d.events().stream()).map(e -> e.path("uid").asLong()).toList();
  }
}
