package io.cynodeai.connector.core.credentials;

import java.util.Objects;

/**
 * A pointer to a secret, never the secret itself (§19.4.1): {@code provider:name}, as in {@code env:GITHUB_TOKEN},
 * {@code file:github/token} or {@code store:github-token}. The provider is the scheme a {@link SecretProvider}
 * answers to. Safe to log, store and put in specs. Immutable.
 */
public record SecretRef(String provider, String name) {
  private static final java.util.regex.Pattern PROVIDER = java.util.regex.Pattern.compile("[a-z][a-z0-9-]*");

  public SecretRef {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(name, "name");
    if (!isProvider(provider)) {
      throw new IllegalArgumentException("secret reference provider must be lower-case letters, digits and"
          + " dashes, was '" + provider + "'");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("secret reference name must not be blank");
    }
  }

  /** Whether {@code scheme} is a valid provider name: lower-case letters, digits and dashes, from a letter. */
  public static boolean isProvider(String scheme) {
    return PROVIDER.matcher(scheme).matches();
  }

  /**
   * The reference to key {@code key} of the secret entry this reference names: {@code provider:name/key}. This
   * is how a spec's {@code secretRef: {provider, name, keys}} becomes one reference per credential (see {@link
   * SecretProviders} for what each built-in provider makes of such a name).
   */
  public SecretRef entryKey(String key) {
    if (key.isBlank()) {
      throw new IllegalArgumentException("secret entry key must not be blank");
    }
    return new SecretRef(provider, name + "/" + key);
  }

  /**
   * Whether a change to this secret affects {@code other}: the same reference, or a key of the entry this one
   * names ({@code vault:mail} covers {@code vault:mail/password}). Rotating or revoking a whole entry thus
   * reaches every credential drawn from it.
   */
  public boolean covers(SecretRef other) {
    return equals(other) || provider.equals(other.provider) && other.name.startsWith(name + "/");
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
