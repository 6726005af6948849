package io.cynodeai.connector.core.credentials;

import java.util.Optional;

/**
 * A {@link SecretProvider} that keeps secrets per {@link SecretScope}: a name means a different secret in each
 * scope, so a tenant's reference can only ever reach its own scope's secret of that name. The scope-less
 * methods of {@link SecretProvider} address the {@linkplain SecretScope#host() host} scope. The library's
 * {@link EncryptedSecretStore} is one; {@link SecretProviders#perScope} maps any provider per scope. Same
 * threading and secrecy contract as {@link SecretProvider}.
 */
public interface ScopedSecretProvider extends SecretProvider {

  /** The secret called {@code name} in {@code scope}; see {@link SecretProvider#resolve(String)}. */
  Optional<char[]> resolve(SecretScope scope, String name) throws SecretUnavailableException;

  /** Whether {@code scope} has a secret called {@code name}; no material is read where it can be avoided. */
  boolean exists(SecretScope scope, String name);

  /** Erases {@code scope}'s secret called {@code name}, if this provider owns its secrets; see {@link #erase}. */
  default boolean erase(SecretScope scope, String name) {
    return false;
  }

  /** Whether {@code scope}'s secret {@code name} still has material that {@link #erase(SecretScope, String)} removes. */
  default boolean holds(SecretScope scope, String name) {
    return false;
  }

  @Override
  default Optional<char[]> resolve(String name) throws SecretUnavailableException {
    return resolve(SecretScope.host(), name);
  }

  @Override
  default boolean exists(String name) {
    return exists(SecretScope.host(), name);
  }

  @Override
  default boolean erase(String name) {
    return erase(SecretScope.host(), name);
  }

  @Override
  default boolean holds(String name) {
    return holds(SecretScope.host(), name);
  }
}
