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
 *   <tr><td>{@link AuthenticationFailedException} without a response code, or with {@code
 *       AUTHENTICATIONFAILED}, {@code AUTHORIZATIONFAILED} or {@code EXPIRED} (RFC 5530)</td><td>credentials
 *       rejected: permanent, the instance becomes {@code credential_expired}</td></tr>
 *   <tr><td>a refusal with {@code [UNAVAILABLE]}</td><td>transient {@code server_unavailable}</td></tr>
 *   <tr><td>a refusal with {@code [LIMIT]} (connections per user, say)</td><td>transient
 *       {@code server_limit}</td></tr>
 *   <tr><td>a refusal with {@code [INUSE]} or {@code [SERVERBUG]}</td><td>transient {@code server_busy} /
 *       {@code server_error}</td></tr>
 *   <tr><td>a login refusal with {@code [PRIVACYREQUIRED]}</td><td>permanent {@code tls_required}</td></tr>
 *   <tr><td>a login refusal with {@code [CONTACTADMIN]}</td><td>permanent {@code login_refused}: the account,
 *       not the password, needs an administrator</td></tr>
 *   <tr><td>egress guard refusal anywhere in the cause chain</td><td>left to the engine: {@code policy_denied}
 *       / {@code egress_denied}</td></tr>
 *   <tr><td>TLS handshake failure (untrusted certificate, wrong host name)</td><td>permanent
 *       {@code tls_failed}: retrying cannot fix a certificate</td></tr>
 *   <tr><td>socket timeout</td><td>transient {@code timeout} (while connecting and logging in: with a message
 *       saying a server may delay rejected logins)</td></tr>
 *   <tr><td>other I/O failure (refused, reset, unknown host), server closed the connection</td><td>transient
 *       {@code network_error}</td></tr>
 *   <tr><td>mailbox not found</td><td>permanent {@code mailbox_not_found}</td></tr>
 *   <tr><td>any other server refusal ({@code NO}/{@code BAD})</td><td>permanent {@code imap_error}</td></tr>
 * </table>
 *
 * <p>Response codes are read only as the bracketed atom at the start of the server's text (RFC 3501 7.1); the
 * rest of the text is never used.
 */
final class ImapFailures {
  private ImapFailures() {}

  /**
   * A failure while connecting and logging in: as {@link #classify}, but a timeout says that the server may be
   * delaying a rejected login (Dovecot waits two seconds and more before answering a wrong password), which only
   * a check with a longer budget (the health check) can tell from a slow server.
   */
  static ProviderException classifyLogin(MessagingException e) {
    ProviderException classified = classify(e);
    if (classified.code().equals("timeout")) {
      return ProviderException.transientFailure("timeout", "the IMAP server did not answer the login in time "
          + "(servers delay rejected logins: the instance's health check tells a wrong password from a slow "
          + "server)", e);
    }
    return classified;
  }

  static ProviderException classify(MessagingException e) {
    String code = responseCode(e);
    if (code != null) {
      ProviderException byCode = byResponseCode(code, e instanceof AuthenticationFailedException);
      if (byCode != null) {
        return byCode;
      }
    }
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

  /** The outcome a response code decides, or null when it decides nothing. */
  private static @Nullable ProviderException byResponseCode(String code, boolean login) {
    return switch (code) {
      case "UNAVAILABLE" -> ProviderException.transientFailure("server_unavailable",
          "the IMAP server is temporarily unavailable ([UNAVAILABLE])", null);
      case "LIMIT" -> ProviderException.transientFailure("server_limit", "the IMAP server refused the "
          + (login ? "login" : "command") + ": one of its limits was reached, such as connections per user ([LIMIT])",
          null);
      case "INUSE" -> ProviderException.transientFailure("server_busy",
          "the IMAP server refused the command: the mailbox is in use ([INUSE])", null);
      case "SERVERBUG" -> ProviderException.transientFailure("server_error",
          "the IMAP server failed ([SERVERBUG])", null);
      case "PRIVACYREQUIRED" -> ProviderException.permanentFailure("tls_required",
          "the IMAP server requires TLS for this: configure tls or starttls ([PRIVACYREQUIRED])", null);
      case "CONTACTADMIN" -> login ? ProviderException.permanentFailure("login_refused",
          "the IMAP server refused the login; its administrator must act ([CONTACTADMIN])", null) : null;
      case "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "EXPIRED" -> login
          ? ProviderException.authRejected(null, "the IMAP server rejected the credentials ([" + code + "])")
          : null;
      default -> null;
    };
  }

  /**
   * The response code of the server's refusal: the bracketed atom opening the text of a {@code NO}, {@code
   * BAD} or {@code BYE}, upper-cased; null when there is none. Jakarta Mail puts that text in the message of
   * the exception it throws for the refusal (the first {@link MessagingException} in the chain).
   */
  static @Nullable String responseCode(MessagingException e) {
    String text = e.getMessage();
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (!t.startsWith("[")) {
      return null;
    }
    int end = 1;
    while (end < t.length() && end < 40 && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '-'
        || t.charAt(end) == '.')) {
      end++;
    }
    if (end == 1 || end >= t.length() || (t.charAt(end) != ']' && t.charAt(end) != ' ')) {
      return null;
    }
    return t.substring(1, end).toUpperCase(java.util.Locale.ROOT);
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
