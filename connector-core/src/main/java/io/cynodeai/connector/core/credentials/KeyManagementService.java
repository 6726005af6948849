package io.cynodeai.connector.core.credentials;

/**
 * Wraps and unwraps data keys under a key-encryption key that never leaves the service (§8): the local
 * {@link LocalKeyManagementService}, or an adapter to a cloud KMS or Vault Transit written by the host.
 * Called on handler threads whenever a secret is stored, read or re-wrapped; may block; must be thread-safe.
 * Plaintext data keys passed in or returned are owned by the caller, who wipes them.
 */
public interface KeyManagementService {

  /** Encrypts a data key under the current version of the key-encryption key. */
  WrappedKey wrap(byte[] dataKey) throws SecretUnavailableException;

  /**
   * Decrypts a data key.
   *
   * @throws SecretUnavailableException if the wrapping key version was destroyed or the ciphertext does not
   *     authenticate
   */
  byte[] unwrap(WrappedKey wrapped) throws SecretUnavailableException;

  /** Whether {@code wrapped} was made with an older key version than the current one. */
  boolean isStale(WrappedKey wrapped);
}
