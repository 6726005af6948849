package io.cynodeai.connector.core.credentials;

import java.util.Objects;

/**
 * A pointer to a secret, never the secret itself (§19.4.1): {@code provider:name}, as in {@code env:GITHUB_TOKEN},
 * {@code file:github/token} or {@code store:github-token}. The provider is the scheme a {@link SecretProvider}
 * answers to. Safe to log, store and put in specs. Immutable.
 */
public record SecretRef(String provider, String name) {
  public SecretRef {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(name, "name");
    if (!provider.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("secret reference provider must be lower-case letters, digits and"
          + " dashes, was '" + provider + "'");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("secret reference name must not be blank");
    }
  }

  /**
   * Parses {@code provider:name}.
   *
   * @throws IllegalArgumentException if there is no provider prefix
   */
  public static SecretRef parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("secret reference '" + text + "' must be written provider:name");
    }
    return new SecretRef(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return provider + ":" + name;
  }
}
