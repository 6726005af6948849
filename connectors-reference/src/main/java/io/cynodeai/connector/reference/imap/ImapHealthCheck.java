package io.cynodeai.connector.reference.imap;

import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import jakarta.mail.Folder;

/**
 * Logs in and opens the mailbox read-only, which reads nothing and changes no flag: healthy if that works,
 * credentials rejected if the server refuses the login, unhealthy otherwise. Stateless.
 */
final class ImapHealthCheck implements HealthCheck {

  @Override
  public HealthResult check(ConnectorContext context) {
    ImapConfig config = ImapConfig.from(context.config());
    try (MailboxConnection connection = MailboxConnection.open(context, config, Folder.READ_ONLY)) {
      return HealthResult.healthy();
    } catch (ProviderException e) {
      return e.kind() == ProviderException.Kind.AUTH_REJECTED
          ? HealthResult.credentialsRejected(e.getMessage())
          : HealthResult.unhealthy(e.code() + ": " + e.getMessage());
    }
  }
}
