package io.cynodeai.connector.spi;

import java.util.Optional;

/**
 * Leases an instance's credentials to a handler. Decryption happens only here, inside the connector boundary
 * (§8); the lease's buffers are wiped when the call ends, whether it succeeded, failed or timed out.
 */
public interface CredentialAccess {

  /**
   * The instance's credentials, or empty when it has none configured. Decrypts on the first call of an
   * operation; later calls return the same lease while it lasts. If the credentials are configured but
   * cannot be produced (unknown reference, destroyed key, corrupted ciphertext) this throws an unchecked
   * exception of the engine's: let it propagate, the engine reports it without secret material.
   */
  Optional<CredentialLease> lease();

  /**
   * The secret {@code key} of this call's lease, for connectors that cannot work without it.
   *
   * @throws ProviderException {@code credentials_missing} (permanent) if the instance has no credentials or
   *     they hold no {@code key}
   */
  default char[] require(String key) {
    CredentialLease lease = lease().orElseThrow(() -> ProviderException.permanentFailure("credentials_missing",
        "the instance has no credentials: configure a '" + key + "' secret reference", null));
    if (!lease.keys().contains(key)) {
      throw ProviderException.permanentFailure("credentials_missing",
          "the instance's credentials have no '" + key + "' secret", null);
    }
    return lease.secret(key);
  }

  /** Access for an instance without credentials. */
  static CredentialAccess none() {
    return Optional::empty;
  }
}
