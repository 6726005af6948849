package io.cynodeai.connector.core.credentials;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted under a key-encryption key of a {@link KeyManagementService}. Not secret by itself.
 * Immutable.
 *
 * @param keyId the key-encryption key
 * @param keyVersion the version of that key that wrapped this one
 * @param ciphertext the KMS's opaque ciphertext
 */
public record WrappedKey(String keyId, int keyVersion, byte[] ciphertext) {
  public WrappedKey {
    Objects.requireNonNull(keyId, "keyId");
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w && w.keyId.equals(keyId) && w.keyVersion == keyVersion
        && Arrays.equals(w.ciphertext, ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, keyVersion, Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "WrappedKey[" + keyId + " v" + keyVersion + ", " + ciphertext.length + " bytes]";
  }
}
