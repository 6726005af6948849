package io.cynodeai.connector.reference.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.spi.ProviderException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a server's refusal is classified by its RFC 5530 response code; the server's text is never quoted. */
class ImapFailuresTest {

  @ParameterizedTest
  @CsvSource({
      "'[AUTHENTICATIONFAILED] Authentication failed.', AUTH_REJECTED, credentials_rejected",
      "'[AUTHORIZATIONFAILED] No such authorization-ID', AUTH_REJECTED, credentials_rejected",
      "'[EXPIRED] That password has expired.', AUTH_REJECTED, credentials_rejected",
      "'Authentication failed.', AUTH_REJECTED, credentials_rejected",
      "'[UNAVAILABLE] Temporary authentication failure. [host:2026-03-10 11:00:00]', TRANSIENT, server_unavailable",
      "'[LIMIT] Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)', "
          + "TRANSIENT, server_limit",
      "'[INUSE] Mailbox in use', TRANSIENT, server_busy",
      "'[SERVERBUG] Internal error occurred. Refer to server log for more information.', TRANSIENT, server_error",
      "'[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.', "
          + "PERMANENT, tls_required",
      "'[CONTACTADMIN] Account locked', PERMANENT, login_refused",
      "'[alert] lower-case codes count too', AUTH_REJECTED, credentials_rejected",
      "'[UNKNOWN-CODE] something', AUTH_REJECTED, credentials_rejected"
  })
  void aLoginRefusalIsClassifiedByItsResponseCode(String serverText, ProviderException.Kind kind, String code) {
    ProviderException classified = ImapFailures.classifyLogin(new AuthenticationFailedException(serverText));

    assertThat(classified.kind()).isEqualTo(kind);
    assertThat(classified.code()).isEqualTo(code);
    assertThat(classified.getMessage()).doesNotContain("mail_max_userip_connections").doesNotContain("host:");
  }

  @Test
  void codesThatOnlyMeanSomethingForALoginDoNotTurnACommandRefusalIntoARejectedPassword() {
    assertThat(ImapFailures.classify(new MessagingException("[EXPIRED] message expired")).code())
        .isEqualTo("imap_error");
    assertThat(ImapFailures.classify(new MessagingException("[UNAVAILABLE] try later")).code())
        .isEqualTo("server_unavailable");
  }

  @Test
  void aTimeoutDuringTheLoginSaysAServerMayBeDelayingARejection() {
    ProviderException classified = ImapFailures.classifyLogin(
        new MessagingException("connect failed", new SocketTimeoutException("Read timed out")));

    assertThat(classified.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
    assertThat(classified.code()).isEqualTo("timeout");
    assertThat(classified.getMessage()).isEqualTo("the IMAP server did not answer the login in time (servers "
        + "delay rejected logins: the instance's health check tells a wrong password from a slow server)");
  }

  @Test
  void aResponseCodeIsOnlyTheBracketedAtomOpeningTheText() {
    assertThat(ImapFailures.responseCode(new MessagingException(" [LIMIT] x"))).isEqualTo("LIMIT");
    assertThat(ImapFailures.responseCode(new MessagingException("[BADCHARSET (UTF-8)] x"))).isEqualTo("BADCHARSET");
    assertThat(ImapFailures.responseCode(new MessagingException("Failed [LIMIT] later"))).isNull();
    assertThat(ImapFailures.responseCode(new MessagingException("[] empty"))).isNull();
    assertThat(ImapFailures.responseCode(new MessagingException("[unterminated"))).isNull();
    assertThat(ImapFailures.responseCode(new MessagingException((String) null))).isNull();
  }
}
