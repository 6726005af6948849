package io.cynodeai.connector.examples.spring;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.Properties;

/**
 * The example's stand-in for a real mail server: GreenMail's IMAP on 127.0.0.1 (a free port), one mailbox
 * holding an alert and a newsletter, a random password, and the seed's {@code ops-mail} spec written to a
 * directory with its server moved here ({@code host}, {@code port}, {@code tls: false}: GreenMail's certificate
 * is self-signed, and the connector rightly refuses it). Not thread-safe; start once, close once.
 */
public final class LocalMailbox implements AutoCloseable {
  private final GreenMail mail;
  private final char[] password;
  private final Path specs;

  private LocalMailbox(GreenMail mail, char[] password, Path specs) {
    this.mail = mail;
    this.password = password;
    this.specs = specs;
  }

  /** Starts the server, fills the mailbox and writes the spec directory. */
  public static LocalMailbox start() throws Exception {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    mail.start();
    try {
      GreenMailUser user = mail.setUser("ops@example.com", "ops", new String(password));
      deliver(mail, user, "alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.");
      deliver(mail, user, "news@elsewhere.org", "Weekly news", "Not an alert.");
      Path specs = Files.createTempDirectory("ops-mail-specs");
      Files.writeString(specs.resolve("ops-mail.yaml"), seedSpec(mail.getImap().getPort()));
      return new LocalMailbox(mail, password, specs);
    } catch (Exception e) {
      mail.stop();
      throw e;
    }
  }

  public int port() {
    return mail.getImap().getPort();
  }

  /** A copy of the mailbox's password. */
  public char[] password() {
    return password.clone();
  }

  /** The directory holding {@code ops-mail.yaml}. */
  public Path specs() {
    return specs;
  }

  @Override
  public void close() {
    mail.stop();
    try {
      Files.deleteIfExists(specs.resolve("ops-mail.yaml"));
      Files.deleteIfExists(specs);
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static String seedSpec(int port) throws IOException {
    try (InputStream in = LocalMailbox.class.getResourceAsStream("/ops-mail.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return yaml.replace("host: imap.example.com", "host: 127.0.0.1")
          .replace("port: 993", "port: " + port)
          .replace("tls: true", "tls: false");
    }
  }

  private static void deliver(GreenMail mail, GreenMailUser user, String from, String subject, String text)
      throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
    message.setSubject(subject);
    message.setText(text, "UTF-8");
    message.setSentDate(new Date());
    mail.getManagers().getImapHostManager().getInbox(user).appendMessage(message, new Flags(), new Date());
  }
}
