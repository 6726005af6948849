package io.cynodeai.connector.core.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.core.credentials.CredentialUnavailableException;
import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a health check's exception becomes: worded as an invocation's failure would be. */
class HealthCheckerWordingTest {
  private static final EgressDeniedException DENIED = new EgressDeniedException(
      new EgressDenial("not_allowed", "tcp", "mail.example.com", 993, "tcp://mail.example.com:993 is not allowed"));

  @Test
  void anEgressRefusalDeepInAProviderExceptionsCauseChainIsTheGuardsMessageAsACallCarriesIt() {
    ProviderException wrapped = ProviderException.transientFailure("network_error",
        "the IMAP connection failed (EgressDeniedException)", new IOException("connect failed", DENIED));

    assertThat(HealthChecker.thrown(wrapped))
        .isEqualTo(HealthResult.unhealthy("egress denied: tcp://mail.example.com:993 is not allowed"));
    assertThat(HealthChecker.thrown(DENIED)).isEqualTo(HealthResult.unhealthy(DENIED.getMessage()));
  }

  @Test
  void aProviderExceptionIsItsCodeAndMessageAndARejectionIsCredentialsRejected() {
    assertThat(HealthChecker.thrown(ProviderException.transientFailure("server_limit", "limit reached", null)))
        .isEqualTo(HealthResult.unhealthy("server_limit: limit reached"));
    assertThat(HealthChecker.thrown(ProviderException.authRejected(null, "rejected")))
        .isEqualTo(HealthResult.credentialsRejected("rejected"));
  }

  @Test
  void anythingElseIsNamedByItsTypeOnly() {
    assertThat(HealthChecker.thrown(new IllegalStateException("secret-ish text")))
        .isEqualTo(HealthResult.unhealthy("health check failed (IllegalStateException)"));
    assertThat(HealthChecker.thrown(new CredentialUnavailableException("cynode-vault:x/password is not set")))
        .isEqualTo(HealthResult.unhealthy("cynode-vault:x/password is not set"));
  }
}
