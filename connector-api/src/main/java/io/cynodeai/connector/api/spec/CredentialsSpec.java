package io.cynodeai.connector.api.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an instance obtains credentials (§19.4, §19.7). A spec never holds a plain secret: only a reference, an
 * interactive OAuth request, or values encrypted for the platform.
 */
public sealed interface CredentialsSpec {

  /** The wire name of the mode ({@code secretRef}, {@code oauth}, {@code encrypted}). */
  String mode();

  /**
   * A reference to a secret held elsewhere (§19.4.1).
   *
   * @param provider the secret provider ({@code cynode-vault}, {@code env}, ...)
   * @param name the secret's name at that provider
   * @param keys which key of the secret supplies each credential field
   */
  record SecretRef(String provider, String name, Map<String, String> keys) implements CredentialsSpec {
    public SecretRef {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(name, "name");
      keys = Map.copyOf(keys);
    }

    @Override
    public String mode() {
      return "secretRef";
    }
  }

  /**
   * An interactive OAuth grant (§19.7): the instance waits in pending-auth until the flow completes.
   *
   * @param provider the OAuth provider, if the connector type supports several
   * @param scopes the scopes to request
   */
  record OAuth(@Nullable String provider, List<String> scopes) implements CredentialsSpec {
    public OAuth {
      scopes = List.copyOf(scopes);
    }

    @Override
    public String mode() {
      return "oauth";
    }
  }

  /**
   * Values encrypted for the platform (§19.4.2), SOPS-style {@code ENC[...]} or age armour.
   *
   * @param keyId the key that decrypts them
   * @param values credential field to ciphertext
   */
  record Encrypted(String keyId, Map<String, String> values) implements CredentialsSpec {
    public Encrypted {
      Objects.requireNonNull(keyId, "keyId");
      values = Map.copyOf(values);
    }

    @Override
    public String mode() {
      return "encrypted";
    }
  }
}
