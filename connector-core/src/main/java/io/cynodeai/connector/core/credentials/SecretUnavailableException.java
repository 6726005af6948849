package io.cynodeai.connector.core.credentials;

/**
 * A secret could not be produced. The engine reports it as a {@code permanent} {@code credential_unavailable}
 * failure. The message names the reference and the cause, never secret material.
 */
public class SecretUnavailableException extends Exception {
  public SecretUnavailableException(String message) {
    super(message);
  }
}
