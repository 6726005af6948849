package io.cynodeai.connector.core.internal.credentials;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The credential vault's side of deletion (§12): wiping a deleted instance ends its open leases and erases the
 * secrets its own {@link io.cynodeai.connector.core.credentials.SecretScope scope} owns that it references,
 * from providers that own them ({@code store:}), except a secret that another instance, not deleted, resolves
 * to as well (it is that instance's credential too; it is erased when the last one goes). Host secrets (the
 * environment, files, a host vault, and host secrets of the store, granted or not) are the host's and are
 * left alone. Thread-safe.
 */
public final class VaultCredentialWiper implements CredentialWiper {
  private final InstanceCredentials credentials;
  private final InstanceStore store;

  private VaultCredentialWiper(InstanceCredentials credentials, InstanceStore store) {
    this.credentials = credentials;
    this.store = store;
  }

  /**
   * The wiper the engine calls: the vault's (when there is a vault) followed by the host's {@code other}, and
   * holding credentials while either does.
   */
  public static CredentialWiper with(InstanceCredentials credentials, InstanceStore store, CredentialWiper other) {
    if (credentials.vault() == null) {
      return other;
    }
    return new VaultCredentialWiper(credentials, store).andThen(other);
  }

  @Override
  public void wipe(String instanceId) {
    CredentialVault vault = vault();
    vault.endLeases(instanceId);
    for (SecretAddress address : ownSecrets(instanceId)) {
      vault.erase(address);
    }
  }

  @Override
  public boolean holdsCredentials(String instanceId) {
    CredentialVault vault = vault();
    return vault.holdsLeases(instanceId) || ownSecrets(instanceId).stream().anyMatch(vault::holds);
  }

  /** The secrets of the instance's own scope that it resolves to and no other live instance does. */
  private Set<SecretAddress> ownSecrets(String instanceId) {
    Optional<ConnectorInstance> instance = store.find(instanceId);
    if (instance.isEmpty()) {
      return Set.of();
    }
    Set<SecretAddress> own = new HashSet<>();
    for (SecretAddress address : credentials.addresses(instance.get()).values()) {
      if (!address.scope().isHost()) {
        own.add(address);
      }
    }
    if (own.isEmpty()) {
      return own;
    }
    for (ConnectorInstance other : store.list()) {
      if (!other.deleted() && !other.id().equals(instanceId)) {
        own.removeAll(credentials.addresses(other).values());
      }
    }
    return own;
  }

  private CredentialVault vault() {
    CredentialVault vault = credentials.vault();
    if (vault == null) {
      throw new IllegalStateException("no credential vault");
    }
    return vault;
  }
}
