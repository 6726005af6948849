package io.cynodeai.connector.reference.imap;

import io.cynodeai.connector.spi.ProviderException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Maps what Jakarta Mail throws to the engine's failure classes (§5.1). Messages are fixed phrases: they never
 * quote the server's text (which may echo addresses or subjects), the user name or the password. Stateless.
 *
 * <table>
 *   <caption>classification</caption>
 *   <tr><th>cause</th><th>outcome</th></tr>
 *   <tr><td>{@link AuthenticationFailedException}</td><td>credentials rejected: permanent, the instance becomes
 *       {@code credential_expired}</td></tr>
 *   <tr><td>egress guard refusal anywhere in the cause chain</td><td>left to the engine: {@code policy_denied}
 *       / {@code egress_denied}</td></tr>
 *   <tr><td>TLS handshake failure (untrusted certificate, wrong host name)</td><td>permanent
 *       {@code tls_failed}: retrying cannot fix a certificate</td></tr>
 *   <tr><td>socket timeout</td><td>transient {@code timeout}</td></tr>
 *   <tr><td>other I/O failure (refused, reset, unknown host), server closed the connection</td><td>transient
 *       {@code network_error}</td></tr>
 *   <tr><td>mailbox not found</td><td>permanent {@code mailbox_not_found}</td></tr>
 *   <tr><td>any other server refusal ({@code NO}/{@code BAD})</td><td>permanent {@code imap_error}</td></tr>
 * </table>
 */
final class ImapFailures {
  private ImapFailures() {}

  static ProviderException classify(MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return ProviderException.authRejected(null, "the IMAP server rejected the credentials");
    }
    if (e instanceof FolderNotFoundException) {
      return ProviderException.permanentFailure("mailbox_not_found", "the configured mailbox does not exist", null);
    }
    if (find(e, SSLHandshakeException.class) != null || find(e, CertificateException.class) != null) {
      return ProviderException.permanentFailure("tls_failed",
          "TLS with the IMAP server failed: its certificate is not trusted or does not match its host name", e);
    }
    if (find(e, InterruptedIOException.class) != null) {
      return ProviderException.transientFailure("timeout", "the IMAP server did not answer in time", e);
    }
    IOException io = find(e, IOException.class);
    if (io != null || e instanceof StoreClosedException || e instanceof FolderClosedException) {
      return ProviderException.transientFailure("network_error", "the IMAP connection failed ("
          + (io == null ? e.getClass().getSimpleName() : describe(io)) + ")", e);
    }
    return ProviderException.permanentFailure("imap_error", "the IMAP server refused the command ("
        + e.getClass().getSimpleName() + ")", null);
  }

  private static String describe(IOException io) {
    if (io instanceof ConnectException) {
      return "connection refused";
    }
    if (io instanceof UnknownHostException) {
      return "unknown host";
    }
    return io instanceof SSLException ? "TLS error" : io.getClass().getSimpleName();
  }

  /** The first throwable of the type in the cause chain, following {@link MessagingException#getNextException}. */
  static <T extends Throwable> @Nullable T find(Throwable thrown, Class<T> type) {
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < 16; depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      Throwable next = t instanceof MessagingException me && me.getNextException() != null
          ? me.getNextException() : t.getCause();
      t = next == t ? null : next;
    }
    return null;
  }
}
