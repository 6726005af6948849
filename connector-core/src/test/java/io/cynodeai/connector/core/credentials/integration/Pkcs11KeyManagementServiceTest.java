package io.cynodeai.connector.core.credentials.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.Pkcs11KeyManagementService;
import io.cynodeai.connector.core.credentials.SecretScope;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.credentials.WrappedKey;
import java.security.KeyStore;
import java.security.Provider;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The KMS interface fits a real key manager (REQ-CRED-002): {@link Pkcs11KeyManagementService} against a SoftHSM2
 * token through the JDK's SunPKCS11 provider. Every test uses a key id of its own on the JVM's one token.
 */
@Tag("REQ-CRED-002")
class Pkcs11KeyManagementServiceTest {
  private Provider provider;
  private String keyId;

  @BeforeEach
  void token() throws Exception {
    provider = SoftHsm.provider();
    keyId = "kek-" + UUID.randomUUID();
  }

  private static byte[] dataKey(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    return key;
  }

  @Test
  void aDataKeyRoundTripsThroughTheTokenWhoseKeyCannotBeExported() throws Exception {
    Pkcs11KeyManagementService kms = Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId);

    WrappedKey wrapped = kms.wrap(dataKey(7));

    assertThat(wrapped.keyId()).isEqualTo(keyId);
    assertThat(wrapped.keyVersion()).isEqualTo(1);
    assertThat(wrapped.ciphertext()).hasSize(12 + 32 + 16); // iv, key, GCM tag
    assertThat(kms.unwrap(wrapped)).isEqualTo(dataKey(7));
    KeyStore token = KeyStore.getInstance("PKCS11", provider);
    token.load(null, SoftHsm.PIN);
    assertThat(token.getKey(keyId + "#1", null).getEncoded()).as("the key stays in the token").isNull();
  }

  @Test
  void rotationMakesANewCurrentVersionAndOlderWrapsStillUnwrapUntilRewrapped() throws Exception {
    Pkcs11KeyManagementService kms = Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId);
    EncryptedSecretStore store = new EncryptedSecretStore(kms);
    store.put(SecretScope.project("p"), "mail/password", "hsm-sealed".toCharArray());
    WrappedKey before = store.sealed(SecretScope.project("p"), "mail/password").orElseThrow().dataKey();

    assertThat(kms.rotate()).isEqualTo(2);

    assertThat(kms.isStale(before)).isTrue();
    assertThat(store.rewrap()).isEqualTo(1);
    WrappedKey after = store.sealed(SecretScope.project("p"), "mail/password").orElseThrow().dataKey();
    assertThat(after.keyVersion()).isEqualTo(2);
    kms.destroy(1);
    assertThat(kms.versions()).containsExactly(2);
    assertThat(store.resolve(SecretScope.project("p"), "mail/password"))
        .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("hsm-sealed"));
  }

  @Test
  void aDestroyedVersionNeverUnwrapsAgainAndTheCurrentOneCannotBeDestroyed() throws Exception {
    Pkcs11KeyManagementService kms = Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId);
    WrappedKey old = kms.wrap(dataKey(1));
    kms.rotate();

    kms.destroy(1);

    assertThatThrownBy(() -> kms.unwrap(old)).isInstanceOf(SecretUnavailableException.class)
        .hasMessage("key '" + keyId + "' version 1 was destroyed");
    assertThatThrownBy(() -> kms.destroy(2)).isInstanceOf(IllegalStateException.class);
    assertThat(Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId).versions()).containsExactly(2);
  }

  @Test
  void theVersionsLiveInTheTokenSoAServiceOpenedAgainUnwrapsWhatTheFirstWrapped() throws Exception {
    Pkcs11KeyManagementService first = Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId);
    first.rotate();
    WrappedKey wrapped = first.wrap(dataKey(3));

    Pkcs11KeyManagementService again = Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId);

    assertThat(again.versions()).containsExactly(1, 2);
    assertThat(again.currentVersion()).isEqualTo(2);
    assertThat(again.unwrap(wrapped)).isEqualTo(dataKey(3));
  }

  @Test
  void aTamperedWrapOrAnotherKeysWrapFailsAuthenticationWithoutQuotingAnything() throws Exception {
    Pkcs11KeyManagementService kms = Pkcs11KeyManagementService.open(provider, SoftHsm.PIN, keyId);
    byte[] sealed = kms.wrap(dataKey(9)).ciphertext();
    sealed[20] ^= 1;

    assertThatThrownBy(() -> kms.unwrap(new WrappedKey(keyId, 1, sealed)))
        .isInstanceOf(SecretUnavailableException.class).hasMessageContaining("failed authentication");
    assertThatThrownBy(() -> kms.unwrap(new WrappedKey("other", 1, sealed)))
        .isInstanceOf(SecretUnavailableException.class).hasMessageContaining("not '" + keyId + "'");
  }
}
