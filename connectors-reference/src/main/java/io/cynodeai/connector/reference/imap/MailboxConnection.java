package io.cynodeai.connector.reference.imap;

import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.ProviderException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.time.Duration;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * One IMAP connection for one operation attempt: a Jakarta Mail session whose only way out is the instance's
 * guarded socket factory, logged in with the leased credentials, with the configured mailbox open. Closing it
 * logs out and drops the connection. Not thread-safe; used by one handler call.
 *
 * <p>Why no connection pool: an attempt must make at most one connection (the engine retries, and counts),
 * credentials are leased per call and may have been rotated since the last one, and mailbox reads are rare
 * compared with the cost of a TLS handshake.
 */
final class MailboxConnection implements AutoCloseable {
  /** The size of each partial fetch: a snippet reads only the first chunk of a large part. */
  static final int FETCH_SIZE = 16 * 1024;

  private final Store store;
  private final Folder folder;

  private MailboxConnection(Store store, Folder folder) {
    this.store = store;
    this.folder = folder;
  }

  /**
   * Connects, logs in and opens the mailbox.
   *
   * @throws ProviderException classified as {@link ImapFailures} describes
   */
  static MailboxConnection open(ConnectorContext context, ImapConfig config, int mode) {
    Session session = Session.getInstance(properties(config, context.network().socketFactory(),
        context.network().tlsSocketFactory(), remaining(context)));
    Store store;
    try {
      store = session.getStore("imap");
      login(store, config, lease(context));
    } catch (MessagingException e) {
      throw ImapFailures.classifyLogin(e);
    }
    try {
      Folder folder = store.getFolder(config.mailbox());
      folder.open(mode);
      return new MailboxConnection(store, folder);
    } catch (MessagingException | RuntimeException e) {
      closeQuietly(store);
      throw e instanceof MessagingException me ? ImapFailures.classify(me) : (RuntimeException) e;
    }
  }

  /** The open mailbox; IMAP folders are {@link UIDFolder}s. */
  Folder folder() {
    return folder;
  }

  UIDFolder uids() {
    return (UIDFolder) folder;
  }

  long uidValidity() throws MessagingException {
    return uids().getUIDValidity();
  }

  @Override
  public void close() {
    try {
      if (folder.isOpen()) {
        folder.close(false);
      }
    } catch (MessagingException | RuntimeException ignored) {
      // The connection is going away anyway; nothing was expunged (close(false)).
    } finally {
      closeQuietly(store);
    }
  }

  /**
   * Jakarta Mail takes the password as a {@code String}: it is made from the lease here, at the last moment,
   * and lives as long as the store (this call). Strings cannot be wiped; this copy is beyond the engine's
   * zero-filling of the lease, which is why it is made only for the login and never stored elsewhere.
   */
  private static void login(Store store, ImapConfig config, CredentialLease lease) throws MessagingException {
    store.connect(config.host(), config.port(), new String(lease.secret("username")),
        new String(lease.secret("password")));
  }

  private static CredentialLease lease(ConnectorContext context) {
    CredentialLease lease = context.credentials().lease().orElseThrow(() -> ProviderException.permanentFailure(
        "credentials_missing", "the instance has no IMAP credentials (username and password)", null));
    if (!lease.keys().contains("username") || !lease.keys().contains("password")) {
      throw ProviderException.permanentFailure("credentials_missing",
          "the instance's credentials must have the keys username and password", null);
    }
    return lease;
  }

  /**
   * The session: IMAP (with implicit TLS or STARTTLS when configured), sockets only from the guarded factory
   * with no fallback to the JVM's, TLS layered over the guarded socket by the instance's TLS factory (its
   * trust store and client certificate) with host name checking, and every network wait bounded by the
   * deadline. STARTTLS, when configured, is required: without it the password is never sent. Nothing from
   * the instance's config reaches a property other than these.
   */
  static Properties properties(ImapConfig config, SocketFactory sockets, SSLSocketFactory tls,
      Duration remaining) {
    String timeout = Long.toString(Math.max(1, Math.min(Integer.MAX_VALUE, remaining.toMillis())));
    Properties p = new Properties();
    p.put("mail.imap.socketFactory", sockets);
    p.setProperty("mail.imap.socketFactory.fallback", "false");
    p.put("mail.imap.ssl.socketFactory", new LayeredTlsSocketFactory(sockets, tls));
    p.setProperty("mail.imap.ssl.enable", Boolean.toString(config.tls()));
    p.setProperty("mail.imap.ssl.checkserveridentity", "true");
    p.setProperty("mail.imap.starttls.enable", Boolean.toString(config.starttls()));
    p.setProperty("mail.imap.starttls.required", Boolean.toString(config.starttls()));
    p.setProperty("mail.imap.connectiontimeout", timeout);
    p.setProperty("mail.imap.timeout", timeout);
    p.setProperty("mail.imap.fetchsize", Integer.toString(FETCH_SIZE));
    p.setProperty("mail.imap.partialfetch", "true");
    // Reading a body must not set \Seen (BODY.PEEK): only markSeen changes flags.
    p.setProperty("mail.imap.peek", "true");
    return p;
  }

  static Duration remaining(ConnectorContext context) {
    Duration left = Duration.between(context.clock().instant(), context.deadline());
    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
  }

  private static void closeQuietly(Store store) {
    try {
      store.close();
    } catch (MessagingException | RuntimeException ignored) {
      // Logging out failed; the socket is closed regardless.
    }
  }
}
