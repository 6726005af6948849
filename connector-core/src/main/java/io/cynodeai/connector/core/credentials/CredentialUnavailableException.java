package io.cynodeai.connector.core.credentials;

import io.cynodeai.connector.api.ConnectorException;

/**
 * Thrown by {@code CredentialAccess.lease()} when an instance's credentials cannot be produced: an unknown
 * reference or provider, a destroyed key, a corrupted ciphertext. The engine reports it as {@code permanent}
 * {@code credential_unavailable}. The message names references, never secret material.
 */
public final class CredentialUnavailableException extends ConnectorException {
  public CredentialUnavailableException(String message) {
    super(message);
  }
}
