package io.cynodeai.connector.reference.imap;

import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import jakarta.mail.Folder;

/**
 * Logs in and opens the mailbox read-only, which reads nothing and changes no flag: healthy if that works,
 * credentials rejected if the server refuses the login, unhealthy otherwise. Other failures are thrown as
 * classified, so the engine words them as it words an invocation's (the guard's "egress denied: ..." for an
 * egress refusal in the cause chain, else the failure's code and message).
 *
 * <p>The check runs under the engine's health-check timeout, not an operation's cap: that longer budget is
 * what tells a rejected login (which servers answer only after a delay) from a slow server. Stateless.
 */
final class ImapHealthCheck implements HealthCheck {

  @Override
  public HealthResult check(ConnectorContext context) {
    ImapConfig config = ImapConfig.from(context.config());
    try (MailboxConnection connection = MailboxConnection.open(context, config, Folder.READ_ONLY)) {
      return HealthResult.healthy();
    } catch (ProviderException e) {
      if (e.kind() == ProviderException.Kind.AUTH_REJECTED) {
        return HealthResult.credentialsRejected(e.getMessage());
      }
      throw e;
    }
  }
}
