package io.cynodeai.connector.core.credentials;

import java.util.Optional;

/**
 * Where secrets behind one kind of {@link SecretRef} come from: the environment, files, the library's own
 * {@link EncryptedSecretStore}, or a host's vault. A plain provider is the host's: its secrets are reachable
 * from references the host maps ({@code EngineBuilder.credentials(vault, refs)}) and, from a tenant's spec,
 * only where the host {@linkplain CredentialVault#grant granted} them to the spec's scope. A provider that
 * keeps secrets per tenant implements {@link ScopedSecretProvider}. Called by the engine on a handler thread, inside the
 * execution stage, once per operation that asks for its credentials; may block (bounded by the operation's
 * timeout); must be thread-safe. It must never log, cache in clear or put secret material in exception
 * messages.
 */
public interface SecretProvider {

  /** The {@link SecretRef#provider()} this provider answers to ({@code env}, {@code file}, {@code store}). */
  String scheme();

  /**
   * The secret called {@code name}, in a fresh array that the caller owns and wipes; empty if there is no
   * such secret.
   *
   * @throws SecretUnavailableException if the secret exists but cannot be produced (destroyed key, corrupted
   *     ciphertext, unreachable vault); its message must not contain secret material
   */
  Optional<char[]> resolve(String name) throws SecretUnavailableException;

  /**
   * Whether a secret called {@code name} exists. The engine asks when it validates a spec's reference, before
   * anything is leased. The default resolves the secret and wipes it at once; providers that can tell without
   * reading the material (a file's existence, a vault's metadata) should override this. A secret that exists
   * but cannot be produced counts as existing.
   */
  default boolean exists(String name) {
    try {
      Optional<char[]> value = resolve(name);
      value.ifPresent(v -> java.util.Arrays.fill(v, '\0'));
      return value.isPresent();
    } catch (SecretUnavailableException e) {
      return true;
    }
  }

  /**
   * Erases the secret called {@code name} for good, if this provider owns its secrets (the library's {@link
   * EncryptedSecretStore} does; the environment, files and most host vaults are the host's to manage, and answer
   * false). Called when an instance using it is deleted (§12). Must be idempotent.
   *
   * @return whether this provider erases secrets at all
   */
  default boolean erase(String name) {
    return false;
  }

  /**
   * Whether this provider still holds material for {@code name} that {@link #erase} would remove; false for
   * providers that do not erase.
   */
  default boolean holds(String name) {
    return false;
  }
}
