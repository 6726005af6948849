package io.cynodeai.connector.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-CRED-001")
@Tag("REQ-CRED-002")
class EncryptedSecretStoreTest {
  private final LocalKeyManagementService kms = new LocalKeyManagementService("kek-main");
  private final EncryptedSecretStore store = new EncryptedSecretStore(kms);

  @Test
  void aStoredSecretReadsBackAndIsNotKeptInClear() throws Exception {
    store.put("github", "ghp_canary_value".toCharArray());

    assertThat(store.resolve("github")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("ghp_canary_value"));
    EncryptedSecretStore.Sealed sealed = store.sealed("github").orElseThrow();
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("canary");
    assertThat(sealed.dataKey().keyId()).isEqualTo("kek-main");
    assertThat(sealed.dataKey().keyVersion()).isEqualTo(1);
  }

  @Test
  void eachSecretHasItsOwnDataKey() throws Exception {
    store.put("a", "same".toCharArray());
    store.put("b", "same".toCharArray());

    assertThat(store.sealed("a").orElseThrow().dataKey()).isNotEqualTo(store.sealed("b").orElseThrow().dataKey());
    assertThat(store.sealed("a").orElseThrow().ciphertext()).isNotEqualTo(store.sealed("b").orElseThrow().ciphertext());
  }

  @Test
  void keyRotationRewrapsDataKeysWithoutReencryptingSecrets() throws Exception {
    store.put("github", "token-1".toCharArray());
    byte[] ciphertextBefore = store.sealed("github").orElseThrow().ciphertext();

    int newVersion = kms.rotate();
    int rewrapped = store.rewrap();
    kms.destroy(1);

    EncryptedSecretStore.Sealed after = store.sealed("github").orElseThrow();
    assertThat(rewrapped).isEqualTo(1);
    assertThat(after.dataKey().keyVersion()).isEqualTo(newVersion).isEqualTo(2);
    assertThat(after.ciphertext()).isEqualTo(ciphertextBefore);
    assertThat(kms.versions()).containsExactly(2);
    assertThat(new String(store.resolve("github").orElseThrow())).isEqualTo("token-1");
  }

  @Test
  void aSecretUnderADestroyedKeyVersionFailsCleanly() throws Exception {
    store.put("github", "token-1".toCharArray());
    kms.rotate();
    kms.destroy(1);

    assertThatThrownBy(() -> store.resolve("github"))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("key 'kek-main' version 1 was destroyed");
  }

  @Test
  void aCorruptedCiphertextFailsAuthenticationAndYieldsNothing() throws Exception {
    store.put("github", "token-1".toCharArray());
    EncryptedSecretStore.Sealed sealed = store.sealed("github").orElseThrow();
    byte[] tampered = sealed.ciphertext();
    tampered[0] ^= 1;
    store.restore("github", new EncryptedSecretStore.Sealed(sealed.version(), sealed.dataKey(), sealed.iv(), tampered));

    assertThatThrownBy(() -> store.resolve("github"))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("secret store:github failed authentication (AEADBadTagException)");
  }

  @Test
  void aCorruptedWrappedKeyFailsAuthentication() throws Exception {
    store.put("github", "token-1".toCharArray());
    EncryptedSecretStore.Sealed sealed = store.sealed("github").orElseThrow();
    byte[] wrapped = sealed.dataKey().ciphertext();
    wrapped[wrapped.length - 1] ^= 1;
    store.restore("github", new EncryptedSecretStore.Sealed(sealed.version(),
        new WrappedKey("kek-main", 1, wrapped), sealed.iv(), sealed.ciphertext()));

    assertThatThrownBy(() -> store.resolve("github"))
        .hasMessage("data key under key 'kek-main' version 1 failed authentication (AEADBadTagException)");
  }

  @Test
  void anUnknownSecretIsEmpty() throws Exception {
    assertThat(store.resolve("nope")).isEmpty();
  }

  @Test
  void theCurrentKeyVersionCannotBeDestroyed() {
    assertThatThrownBy(() -> kms.destroy(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void putLeavesTheCallersArrayToTheCaller() throws Exception {
    char[] value = "token-1".toCharArray();
    store.put("github", value);
    assertThat(value).isEqualTo("token-1".toCharArray());
    Arrays.fill(value, '\0');
    assertThat(new String(store.resolve("github").orElseThrow())).isEqualTo("token-1");
  }
}
