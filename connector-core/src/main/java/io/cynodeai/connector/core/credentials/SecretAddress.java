package io.cynodeai.connector.core.credentials;

import java.util.Objects;

/**
 * Where a reference resolved: the scope whose secret it is and the reference within that scope. A
 * {@link ScopedSecretProvider} keeps one secret per address; every other provider's secrets live in the
 * {@linkplain SecretScope#host() host} scope. Rotations, revocations and wipes name addresses, so a change to
 * one tenant's {@code store:mail} never touches another's. Immutable.
 */
public record SecretAddress(SecretScope scope, SecretRef ref) {
  public SecretAddress {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(ref, "ref");
  }

  /** A host secret. */
  public static SecretAddress host(SecretRef ref) {
    return new SecretAddress(SecretScope.host(), ref);
  }

  /** Whether a change to this secret affects {@code other}: the same scope, and see {@link SecretRef#covers}. */
  public boolean covers(SecretAddress other) {
    return scope.equals(other.scope) && ref.covers(other.ref);
  }

  @Override
  public String toString() {
    return scope.isHost() ? ref.toString() : ref + " of " + scope;
  }
}
