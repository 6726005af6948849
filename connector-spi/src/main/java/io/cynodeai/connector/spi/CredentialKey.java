package io.cynodeai.connector.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A secret a connector type reads from its instance's credentials ({@link CredentialAccess#require}), declared
 * on the type ({@link ConnectorType.Builder#credentialKey}) so a host can see what to map before it runs the
 * connector, and the certification kit can check that the connector reads nothing else. Immutable.
 *
 * @param name the key, as the connector passes it to {@link CredentialAccess#require} ({@code apiKey})
 * @param description what the secret is and where an operator gets it, for people; never a secret value
 * @param required whether every instance must map it ({@code false}: the connector works without it)
 */
public record CredentialKey(String name, String description, boolean required) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  /**
   * @throws IllegalArgumentException if the name is not 1–64 letters, digits, {@code _ . -} starting with a
   *     letter
   */
  public CredentialKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a credential key is 1-64 letters, digits, '_', '.' or '-' starting with"
          + " a letter, was '" + name + "'");
    }
  }

  /** A key every instance must map. */
  public static CredentialKey required(String name, String description) {
    return new CredentialKey(name, description, true);
  }

  /** A key an instance may map. */
  public static CredentialKey optional(String name, String description) {
    return new CredentialKey(name, description, false);
  }
}
