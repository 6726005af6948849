package io.cynodeai.connector.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialKey;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A type declares its credential keys; the certification hands over only those and says what went wrong. */
@Tag("REQ-CERT-001")
class CredentialKeysTest {
  static final CredentialVault VAULT = CredentialVault.of(SecretProviders.environment(
      Map.of("API_KEY", "k-123456789", "TOKEN", "t-456789012")));

  private static CheckResult keysCheck(CertificationReport report) {
    return report.checks().stream().filter(c -> c.name().equals(CredentialKeyChecks.NAME)).findFirst()
        .orElseThrow();
  }

  @Test
  void theTypeCarriesItsDeclaredKeysAndRefusesADuplicateOrABadName() {
    ConnectorType type = WeatherConnector.type();
    assertThat(type.credentialKeys()).containsExactly(
        CredentialKey.optional("apiKey", "the weather API key, from the account's API page"));
    assertThat(type.toBuilder().build().credentialKeys()).isEqualTo(type.credentialKeys());
    assertThatThrownBy(() -> type.toBuilder().credentialKey("apiKey", "again", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("credential key 'apiKey' is declared twice");
    assertThatThrownBy(() -> CredentialKey.required("api key", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 'api key'");
  }

  @Test
  void aConnectorReadingItsDeclaredKeyPasses() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      CertificationReport report = ConnectorCertification.of(WeatherConnector.type()).config(provider.config())
          .allowLoopbackEgress().credentials(VAULT, Map.of("apiKey", SecretRef.parse("env:API_KEY"))).run();

      assertThat(report.failures()).isEmpty();
      assertThat(keysCheck(report).detail()).isEqualTo("declared: apiKey; mapped: apiKey; the health check and "
          + "every example ran with the declared keys only");
      assertThat(provider.lastKey.get()).isEqualTo("k-123456789");
    }
  }

  @Test
  void aConnectorReadingAnUndeclaredKeyFailsAndTheKeyIsWithheld() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      CertificationReport report = ConnectorCertification.of(WeatherConnector.typeReading("token"))
          .config(provider.config()).allowLoopbackEgress()
          .credentials(VAULT, Map.of("apiKey", SecretRef.parse("env:API_KEY"), "token", SecretRef.parse("env:TOKEN")))
          .run();

      CheckResult keys = keysCheck(report);
      assertThat(keys.passed()).isFalse();
      assertThat(keys.detail()).startsWith("the certification maps keys the type does not declare: token (withheld "
          + "from the connector)\nwith only the declared keys mapped, current: example 'seattle' succeeds [sync] "
          + "failed credentials_missing: the connector reads a key it does not declare");
      assertThat(provider.lastKey.get()).isNull();
    }
  }

  @Test
  void aRequiredKeyWithoutASecretFails() throws Exception {
    ConnectorType type = WeatherConnector.typeReading("apiKey").toBuilder()
        .credentialKey(CredentialKey.required("region", "the account's region")).build();
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      CertificationReport report = ConnectorCertification.of(type).config(provider.config()).allowLoopbackEgress()
          .credentials(VAULT, Map.of("apiKey", SecretRef.parse("env:API_KEY"))).run();

      assertThat(keysCheck(report).detail()).startsWith("required key region has no secret in the certification's"
          + " credentials (ConnectorCertification.credentials)");
    }
  }
}
