package io.cynodeai.connector.reference.imap.integration;

import static io.cynodeai.connector.reference.imap.integration.GreenMailServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.testkit.TestHost;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * readInbox, getMessage and markSeen against a real IMAP server, through a real engine with the egress guard
 * and leased credentials. One server for the class; each test starts a test host with its own instance.
 */
@Tag("REQ-EGRESS-001")
class ImapConnectorReadTest {
  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static GreenMailServer mail;
  private static long alertUid;
  private static long seenAlertUid;
  private static long newsUid;
  private static long reportUid;

  @BeforeAll
  static void seed() throws Exception {
    mail = GreenMailServer.start();
    alertUid = mail.deliver("alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.", T0);
    seenAlertUid = mail.deliver("Alerts@Example.com", "Disk 80% on db-2", "db-2 is fine now.", T0.plusSeconds(3600),
        Flags.Flag.SEEN);
    newsUid = mail.deliver("news@elsewhere.org", "Weekly news", "Nothing about alerts@example.com.",
        T0.plusSeconds(7200));
    reportUid = deliverWithAttachment(T0.plusSeconds(10800));
  }

  @AfterAll
  static void stop() {
    mail.close();
  }

  @Test
  void readInboxListsEveryMessageNewestFirstWithItsHeadersAndSnippet() {
    try (TestHost h = deploy("all", mail.config(""))) {
      JsonNode data = data(h.invoke("readInbox", json("{}")));

      assertThat(uids(data)).containsExactly(reportUid, newsUid, seenAlertUid, alertUid);
      assertThat(data.path("mailbox").asText()).isEqualTo("INBOX");
      assertThat(data.has("nextBeforeUid")).isFalse();
      JsonNode oldest = data.path("messages").get(3);
      assertThat(oldest.path("from").asText()).isEqualTo("alerts@example.com");
      assertThat(oldest.path("to")).isEqualTo(json("[\"ops@example.com\"]"));
      assertThat(oldest.path("subject").asText()).isEqualTo("Disk 91% on db-1");
      assertThat(oldest.path("date").asText()).isEqualTo("2025-03-01T08:00:00Z");
      assertThat(oldest.path("flags")).isEqualTo(json("[]"));
      assertThat(oldest.path("snippet").asText()).isEqualTo("db-1 /var is 91% full.");
      assertThat(oldest.path("snippetTruncated").asBoolean()).isFalse();
      assertThat(oldest.path("messageId").asText()).startsWith("<").endsWith(">");
      assertThat(oldest.path("size").asInt()).isPositive();
      assertThat(data.path("messages").get(2).path("flags")).isEqualTo(json("[\"\\\\Seen\"]"));
    }
  }

  @Test
  void theConfiguredAllowlistHidesOtherSendersAndMatchesWholeAddressesIgnoringCase() {
    try (TestHost h = deploy("ops-mail", mail.config("\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"))) {
      JsonNode data = data(h.invoke("readInbox", json("{}")));

      // news@elsewhere.org mentions the address in its body: it still does not pass.
      assertThat(uids(data)).containsExactly(seenAlertUid, alertUid);
    }
  }

  @Test
  void aRequestAllowlistNarrowsTheConfiguredOneButNeverWidensIt() {
    try (TestHost h = deploy("narrow", mail.config("\"filter\":{\"fromAllowlist\":[\"@example.com\"]}"))) {
      assertThat(uids(data(h.invoke("readInbox", json("{\"fromAllowlist\":[\"alerts@example.com\"]}")))))
          .containsExactly(seenAlertUid, alertUid);
      assertThat(uids(data(h.invoke("readInbox", json("{\"fromAllowlist\":[\"news@elsewhere.org\"]}")))))
          .isEmpty();
    }
  }

  @Test
  void unseenOnlyAndSinceFilterExactly() {
    try (TestHost h = deploy("filters", mail.config(""))) {
      assertThat(uids(data(h.invoke("readInbox", json("{\"unseenOnly\":true}")))))
          .containsExactly(reportUid, newsUid, alertUid);
      assertThat(uids(data(h.invoke("readInbox", json("{\"since\":\"2025-03-01T09:00:00Z\"}")))))
          .containsExactly(reportUid, newsUid, seenAlertUid);
      assertThat(uids(data(h.invoke("readInbox",
          json("{\"since\":\"2025-03-01T09:00:01+00:00\",\"unseenOnly\":true}"))))).containsExactly(reportUid, newsUid);
    }
  }

  @Test
  void limitPagesThroughTheMailboxByUidWithoutRepeatsOrGaps() {
    try (TestHost h = deploy("pages", mail.config(""))) {
      JsonNode first = data(h.invoke("readInbox", json("{\"limit\":3}")));
      JsonNode second = data(h.invoke("readInbox",
          json("{\"limit\":3,\"beforeUid\":" + first.path("nextBeforeUid").asLong() + "}")));

      assertThat(uids(first)).containsExactly(reportUid, newsUid, seenAlertUid);
      assertThat(first.path("nextBeforeUid").asLong()).isEqualTo(seenAlertUid);
      assertThat(uids(second)).containsExactly(alertUid);
      assertThat(second.has("nextBeforeUid")).isFalse();
    }
  }

  @Test
  void snippetsAreCappedAndSayWhenTheyWereCut() {
    try (TestHost h = deploy("snippets", mail.config(""))) {
      JsonNode data = data(h.invoke("readInbox", json("{\"limit\":1,\"snippetChars\":4}")));

      assertThat(data.path("messages").get(0).path("snippet").asText()).isEqualTo("See");
      assertThat(data.path("messages").get(0).path("snippetTruncated").asBoolean()).isTrue();
    }
  }

  @Test
  void getMessageReturnsTheCappedBodyAndListsAttachmentsWithoutTheirContent() {
    try (TestHost h = deploy("get", mail.config(""))) {
      JsonNode data = data(h.invoke("getMessage", json("{\"uid\":" + reportUid + ",\"maxBodyChars\":11}")));

      assertThat(data.path("uid").asLong()).isEqualTo(reportUid);
      assertThat(data.path("body")).isEqualTo(json("""
          {"contentType":"text/plain","text":"See the att","truncated":true}"""));
      assertThat(data.path("attachments")).hasSize(1);
      JsonNode attachment = data.path("attachments").get(0);
      assertThat(attachment.path("filename").asText()).isEqualTo("report.pdf");
      assertThat(attachment.path("contentType").asText()).isEqualTo("application/pdf");
      assertThat(attachment.path("size").asInt()).isPositive();
      assertThat(data.toString()).doesNotContain("%PDF");
    }
  }

  @Test
  void getMessageOfAHiddenSenderOrUnknownUidIsNotFound() {
    try (TestHost h = deploy("hidden", mail.config("\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"))) {
      Failed hidden = (Failed) h.invoke("getMessage", json("{\"uid\":" + newsUid + "}"));
      Failed unknown = (Failed) h.invoke("getMessage", json("{\"uid\":99999}"));

      assertThat(hidden.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(hidden.code()).isEqualTo("message_not_found");
      assertThat(unknown.code()).isEqualTo("message_not_found");
    }
  }

  @Test
  void aStaleUidValidityIsRefusedRatherThanReadingAnotherMessage() {
    try (TestHost h = deploy("validity", mail.config(""))) {
      long actual = data(h.invoke("readInbox", json("{\"limit\":1}"))).path("uidValidity").asLong();

      Failed stale = (Failed) h.invoke("getMessage",
          json("{\"uid\":" + alertUid + ",\"uidValidity\":" + (actual + 1) + "}"));

      assertThat(stale.code()).isEqualTo("uid_validity_changed");
      assertThat(h.invoke("getMessage", json("{\"uid\":" + alertUid + ",\"uidValidity\":" + actual + "}")))
          .isInstanceOf(Succeeded.class);
    }
  }

  @Test
  void markSeenFlagsTheMessageAndIsIdempotent() throws Exception {
    long uid = mail.deliver("Marks", "alerts@example.com", "Fresh", "fresh alert", T0);
    long other = mail.deliver("Marks", "news@elsewhere.org", "Other", "other", T0);
    try (TestHost h = deploy("mark",
        mail.config("\"mailbox\":\"Marks\",\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"))) {
      JsonNode once = data(h.invokeWithNewKey("markSeen", json("{\"uids\":[" + uid + "," + other + ",424242]}")));
      JsonNode twice = data(h.invokeWithNewKey("markSeen", json("{\"uids\":[" + uid + "]}")));

      assertThat(once.path("seen").toString()).isEqualTo("[" + uid + "]");
      assertThat(once.path("notFound").toString()).isEqualTo("[" + other + ",424242]");
      assertThat(twice.path("seen").toString()).isEqualTo("[" + uid + "]");
    }
    try (TestHost h = deploy("marks-all", mail.config("\"mailbox\":\"Marks\""))) {
      JsonNode all = data(h.invoke("readInbox", json("{}")));
      assertThat(all.path("messages").get(0).path("flags").toString()).isEqualTo("[]");
      assertThat(all.path("messages").get(1).path("flags").toString()).isEqualTo("[\"\\\\Seen\"]");
    }
  }

  /** A test host with instance {@code id}, configured with {@code config}, active on this class's server. */
  private static TestHost deploy(String id, JsonNode config) {
    return mail.host(new ImapConnectorProvider(), id).config(config).start();
  }

  private static long deliverWithAttachment(Instant received) throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress("reports@example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
    message.setSubject("Monthly report");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("See the attached report.", "UTF-8");
    MimeBodyPart pdf = new MimeBodyPart();
    pdf.setDataHandler(new DataHandler(new ByteArrayDataSource("%PDF-1.4 fake".getBytes(), "application/pdf")));
    pdf.setFileName("report.pdf");
    pdf.setDisposition(MimeBodyPart.ATTACHMENT);
    message.setContent(new MimeMultipart(text, pdf));
    message.saveChanges();
    return mail.mail.getManagers().getImapHostManager().getInbox(mail.user)
        .appendMessage(message, new Flags(), Date.from(received));
  }

  static JsonNode data(Outcome outcome) {
    assertThat(outcome).as("outcome %s", outcome).isInstanceOf(Succeeded.class);
    return ((Succeeded) outcome).response().data();
  }

  static List<Long> uids(JsonNode data) {
    List<Long> uids = new ArrayList<>();
    data.path("messages").forEach(m -> uids.add(m.path("uid").asLong()));
    return uids;
  }
}
