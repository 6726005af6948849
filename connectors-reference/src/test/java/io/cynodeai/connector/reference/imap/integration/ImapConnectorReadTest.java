package io.cynodeai.connector.reference.imap.integration;

import static io.cynodeai.connector.reference.imap.integration.ImapHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
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
 * and leased credentials. One server and engine for the class; each test deploys its own instance.
 */
@Tag("REQ-EGRESS-001")
class ImapConnectorReadTest {
  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static ImapHarness h;
  private static long alertUid;
  private static long seenAlertUid;
  private static long newsUid;
  private static long reportUid;

  @BeforeAll
  static void seed() throws Exception {
    h = ImapHarness.start(new ImapConnectorProvider());
    alertUid = h.deliver("alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.", T0);
    seenAlertUid = h.deliver("Alerts@Example.com", "Disk 80% on db-2", "db-2 is fine now.", T0.plusSeconds(3600),
        Flags.Flag.SEEN);
    newsUid = h.deliver("news@elsewhere.org", "Weekly news", "Nothing about alerts@example.com.",
        T0.plusSeconds(7200));
    reportUid = deliverWithAttachment(T0.plusSeconds(10800));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void readInboxListsEveryMessageNewestFirstWithItsHeadersAndSnippet() {
    h.deploy("all", h.config(""));

    JsonNode data = data(h.invoke("all", "readInbox", "{}"));

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

  @Test
  void theConfiguredAllowlistHidesOtherSendersAndMatchesWholeAddressesIgnoringCase() {
    h.deploy("ops-mail", h.config("\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"));

    JsonNode data = data(h.invoke("ops-mail", "readInbox", "{}"));

    // news@elsewhere.org mentions the address in its body: it still does not pass.
    assertThat(uids(data)).containsExactly(seenAlertUid, alertUid);
  }

  @Test
  void aRequestAllowlistNarrowsTheConfiguredOneButNeverWidensIt() {
    h.deploy("narrow", h.config("\"filter\":{\"fromAllowlist\":[\"@example.com\"]}"));

    assertThat(uids(data(h.invoke("narrow", "readInbox", "{\"fromAllowlist\":[\"alerts@example.com\"]}"))))
        .containsExactly(seenAlertUid, alertUid);
    assertThat(uids(data(h.invoke("narrow", "readInbox", "{\"fromAllowlist\":[\"news@elsewhere.org\"]}"))))
        .isEmpty();
  }

  @Test
  void unseenOnlyAndSinceFilterExactly() {
    h.deploy("filters", h.config(""));

    assertThat(uids(data(h.invoke("filters", "readInbox", "{\"unseenOnly\":true}"))))
        .containsExactly(reportUid, newsUid, alertUid);
    assertThat(uids(data(h.invoke("filters", "readInbox", "{\"since\":\"2025-03-01T09:00:00Z\"}"))))
        .containsExactly(reportUid, newsUid, seenAlertUid);
    assertThat(uids(data(h.invoke("filters", "readInbox",
        "{\"since\":\"2025-03-01T09:00:01+00:00\",\"unseenOnly\":true}")))).containsExactly(reportUid, newsUid);
  }

  @Test
  void limitPagesThroughTheMailboxByUidWithoutRepeatsOrGaps() {
    h.deploy("pages", h.config(""));

    JsonNode first = data(h.invoke("pages", "readInbox", "{\"limit\":3}"));
    JsonNode second = data(h.invoke("pages", "readInbox",
        "{\"limit\":3,\"beforeUid\":" + first.path("nextBeforeUid").asLong() + "}"));

    assertThat(uids(first)).containsExactly(reportUid, newsUid, seenAlertUid);
    assertThat(first.path("nextBeforeUid").asLong()).isEqualTo(seenAlertUid);
    assertThat(uids(second)).containsExactly(alertUid);
    assertThat(second.has("nextBeforeUid")).isFalse();
  }

  @Test
  void snippetsAreCappedAndSayWhenTheyWereCut() {
    h.deploy("snippets", h.config(""));

    JsonNode data = data(h.invoke("snippets", "readInbox", "{\"limit\":1,\"snippetChars\":4}"));

    assertThat(data.path("messages").get(0).path("snippet").asText()).isEqualTo("See");
    assertThat(data.path("messages").get(0).path("snippetTruncated").asBoolean()).isTrue();
  }

  @Test
  void getMessageReturnsTheCappedBodyAndListsAttachmentsWithoutTheirContent() {
    h.deploy("get", h.config(""));

    JsonNode data = data(h.invoke("get", "getMessage", "{\"uid\":" + reportUid + ",\"maxBodyChars\":11}"));

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

  @Test
  void getMessageOfAHiddenSenderOrUnknownUidIsNotFound() {
    h.deploy("hidden", h.config("\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}"));

    Failed hidden = (Failed) h.invoke("hidden", "getMessage", "{\"uid\":" + newsUid + "}");
    Failed unknown = (Failed) h.invoke("hidden", "getMessage", "{\"uid\":99999}");

    assertThat(hidden.failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(hidden.code()).isEqualTo("message_not_found");
    assertThat(unknown.code()).isEqualTo("message_not_found");
  }

  @Test
  void aStaleUidValidityIsRefusedRatherThanReadingAnotherMessage() {
    h.deploy("validity", h.config(""));
    long actual = data(h.invoke("validity", "readInbox", "{\"limit\":1}")).path("uidValidity").asLong();

    Failed stale = (Failed) h.invoke("validity", "getMessage",
        "{\"uid\":" + alertUid + ",\"uidValidity\":" + (actual + 1) + "}");

    assertThat(stale.code()).isEqualTo("uid_validity_changed");
    assertThat(h.invoke("validity", "getMessage", "{\"uid\":" + alertUid + ",\"uidValidity\":" + actual + "}"))
        .isInstanceOf(Succeeded.class);
  }

  @Test
  void markSeenFlagsTheMessageAndIsIdempotent() throws Exception {
    long uid = h.deliver("Marks", "alerts@example.com", "Fresh", "fresh alert", T0);
    long other = h.deliver("Marks", "news@elsewhere.org", "Other", "other", T0);
    h.deploy("mark", h.config("\"mailbox\":\"Marks\",\"filter\":{\"fromAllowlist\":[\"alerts@example.com\"]}")
        .deepCopy());

    JsonNode once = data(h.invoke("mark", "markSeen", "{\"uids\":[" + uid + "," + other + ",424242]}"));
    JsonNode twice = data(h.invoke("mark", "markSeen", "{\"uids\":[" + uid + "]}"));

    assertThat(once.path("seen").toString()).isEqualTo("[" + uid + "]");
    assertThat(once.path("notFound").toString()).isEqualTo("[" + other + ",424242]");
    assertThat(twice.path("seen").toString()).isEqualTo("[" + uid + "]");
    h.deploy("marks-all", h.config("\"mailbox\":\"Marks\"").deepCopy());
    JsonNode all = data(h.invoke("marks-all", "readInbox", "{}"));
    assertThat(all.path("messages").get(0).path("flags").toString()).isEqualTo("[]");
    assertThat(all.path("messages").get(1).path("flags").toString()).isEqualTo("[\"\\\\Seen\"]");
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
    return h.mail.getManagers().getImapHostManager().getInbox(h.user)
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
