package io.cynodeai.connector.core.internal.credentials;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which secrets each instance uses (references only, from the host's configuration) and the vault they come
 * from; opens one credential scope per operation. Thread-safe.
 */
public final class InstanceCredentials implements Function<ConnectorInstance, CredentialVault.Scope> {
  private final @Nullable CredentialVault vault;
  private final Function<ConnectorInstance, Map<String, SecretRef>> refs;

  public InstanceCredentials(@Nullable CredentialVault vault, Function<ConnectorInstance, Map<String, SecretRef>> refs) {
    this.vault = vault;
    this.refs = refs;
  }

  /** No credentials for any instance. */
  public static InstanceCredentials none() {
    return new InstanceCredentials(null, instance -> Map.of());
  }

  public @Nullable CredentialVault vault() {
    return vault;
  }

  /** The instance's references (key name to secret), never null. */
  public Map<String, SecretRef> refs(ConnectorInstance instance) {
    Map<String, SecretRef> found = refs.apply(instance);
    return found == null ? Map.of() : found;
  }

  @Override
  public CredentialVault.Scope apply(ConnectorInstance instance) {
    return vault == null ? CredentialVault.none() : vault.open(instance.id(), refs(instance));
  }
}
