package io.cynodeai.connector.spi;

import java.util.Set;

/**
 * Credential material leased for one call. Returned arrays are views of buffers that the engine zero-fills
 * when the call ends: copy nothing into strings, logs or fields that outlive the call.
 */
public interface CredentialLease {

  /** The names of the secret values in this lease ({@code username}, {@code password}, {@code token}). */
  Set<String> keys();

  /**
   * The secret value for {@code key}.
   *
   * @throws IllegalArgumentException if the lease has no such key
   * @throws IllegalStateException if the lease has ended
   */
  char[] secret(String key);
}
