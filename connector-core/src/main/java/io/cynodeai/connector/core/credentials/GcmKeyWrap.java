package io.cynodeai.connector.core.credentials;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The wrapped-key format both built-in key management services share: a 12-byte random IV followed by the
 * AES-GCM ciphertext and tag of the data key, with {@code keyId#version} as associated data; where the key lives
 * and who runs the cipher is each service's. Stateless.
 */
final class GcmKeyWrap {
  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;

  /** Runs AES-GCM with key version {@code version} (encrypt or decrypt, as {@code mode} says). */
  @FunctionalInterface
  interface Cipher {
    byte[] run(int mode, int version, byte[] iv, byte[] input) throws SecretUnavailableException;
  }

  private GcmKeyWrap() {}

  static WrappedKey wrap(String keyId, int version, SecureRandom random, byte[] dataKey, Cipher cipher)
      throws SecretUnavailableException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed = cipher.run(javax.crypto.Cipher.ENCRYPT_MODE, version, iv, dataKey);
    byte[] out = new byte[IV_BYTES + sealed.length];
    System.arraycopy(iv, 0, out, 0, IV_BYTES);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return new WrappedKey(keyId, version, out);
  }

  static byte[] unwrap(String keyId, WrappedKey wrapped, Cipher cipher) throws SecretUnavailableException {
    if (!wrapped.keyId().equals(keyId)) {
      throw new SecretUnavailableException("data key was wrapped by key '" + wrapped.keyId() + "', not '" + keyId
          + "'");
    }
    byte[] in = wrapped.ciphertext();
    if (in.length <= IV_BYTES) {
      throw new SecretUnavailableException("wrapped data key is truncated");
    }
    return cipher.run(javax.crypto.Cipher.DECRYPT_MODE, wrapped.keyVersion(), Arrays.copyOf(in, IV_BYTES),
        Arrays.copyOfRange(in, IV_BYTES, in.length));
  }

  /** The associated data of a wrap: the key id and version, so a wrap never passes for another key's. */
  static byte[] aad(String keyId, int version) {
    return (keyId + "#" + version).getBytes(StandardCharsets.UTF_8);
  }
}
