package io.cynodeai.connector.reference.imap.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * A real IMAP server (GreenMail on 127.0.0.1, a dynamic port) with user {@code ops}, and the test hosts that run
 * the {@code imap} connector against it ({@link #host}): the user's name and password as the instance's
 * credentials, and egress allowing exactly the configured server's address and port. Close it after use.
 */
final class GreenMailServer implements AutoCloseable {
  static final String USER = "ops";
  static final String PASSWORD = "s3cret-imap";

  final GreenMail mail;
  final GreenMailUser user;

  private GreenMailServer() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    mail.start();
    user = mail.setUser("ops@example.com", USER, PASSWORD);
  }

  static GreenMailServer start() {
    return new GreenMailServer();
  }

  /**
   * A test host for {@code provider}'s type, instance {@code id} configured for this server ({@link
   * #config(String) config("")}), with the user's credentials and egress to the configured server only.
   */
  TestHost.Builder host(ConnectorProvider provider, String id) {
    return host(provider.type(), id);
  }

  /** {@link #host(ConnectorProvider, String)} for {@code type}. */
  TestHost.Builder host(ConnectorType type, String id) {
    return TestHost.builder(type).instanceId(id).config(config("")).secret("username", USER)
        .secret("password", PASSWORD).egress(GreenMailServer::ownServerOnly);
  }

  /**
   * The provider's type with a health check that always passes, so an instance pointed at a failing server
   * still becomes active and the failure shows in an invocation.
   */
  static ConnectorType unchecked(ConnectorProvider provider) {
    return provider.type().toBuilder().healthCheck(HealthCheck.alwaysHealthy()).build();
  }

  /** The instance's server only: tcp to the configured host and port, loopback allowed explicitly. */
  static EgressPolicy ownServerOnly(ConnectorInstance instance) {
    JsonNode c = instance.config();
    return EgressPolicy.builder().allow("tcp://" + c.path("host").asText() + ":" + c.path("port").asInt())
        .allowAddressRange("127.0.0.1/32").build();
  }

  int port() {
    return mail.getImap().getPort();
  }

  /** A plain-IMAP config for this server, plus any extra members. */
  JsonNode config(String extraMembers) {
    return json("{\"host\":\"127.0.0.1\",\"port\":" + port() + ",\"tls\":false"
        + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
  }

  /** Appends a plain-text message to the inbox, received at {@code received}; returns its UID. */
  long deliver(String from, String subject, String body, Instant received, Flags.Flag... flags) throws Exception {
    return deliver("INBOX", from, subject, body, received, flags);
  }

  /** Appends a plain-text message to {@code mailbox} (created if needed); returns its UID. */
  long deliver(String mailbox, String from, String subject, String body, Instant received, Flags.Flag... flags)
      throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
    message.setSubject(subject);
    message.setText(body, "UTF-8");
    message.setSentDate(Date.from(received));
    message.saveChanges();
    Flags set = new Flags();
    for (Flags.Flag f : flags) {
      set.add(f);
    }
    var folders = mail.getManagers().getImapHostManager();
    var folder = mailbox.equals("INBOX") ? folders.getInbox(user) : folders.getFolder(user, mailbox);
    if (folder == null) {
      folder = folders.createMailbox(user, mailbox);
    }
    return folder.appendMessage(message, set, Date.from(received));
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  @Override
  public void close() {
    mail.stop();
  }
}
