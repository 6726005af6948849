package io.cynodeai.connector.core.credentials;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host secrets (or whole entries) the host let tenant scopes reference from their own declarations, as
 * {@link CredentialVault#grant} records them. Thread-safe.
 */
final class SecretGrants {
  private final Set<Grant> grants = ConcurrentHashMap.newKeySet();

  /** A host secret (or a whole entry) a tenant scope may reference. */
  private record Grant(SecretScope grantee, SecretRef secret) {}

  void add(SecretScope grantee, SecretRef secret) {
    Objects.requireNonNull(grantee, "grantee");
    Objects.requireNonNull(secret, "secret");
    if (grantee.isHost()) {
      throw new IllegalArgumentException("the host reaches its own secrets without a grant");
    }
    grants.add(new Grant(grantee, secret));
  }

  boolean remove(SecretScope grantee, SecretRef secret) {
    return grants.remove(new Grant(grantee, secret));
  }

  /** Whether {@code scope} was granted {@code ref} or the entry it is a key of. */
  boolean covers(SecretScope scope, SecretRef ref) {
    for (Grant g : grants) {
      if (g.grantee().equals(scope) && g.secret().covers(ref)) {
        return true;
      }
    }
    return false;
  }
}
