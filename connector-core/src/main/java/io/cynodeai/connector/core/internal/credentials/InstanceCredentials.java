package io.cynodeai.connector.core.internal.credentials;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.credentials.CredentialRefs;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretAddress;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretScope;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which secrets each instance uses (references only) and the vault they come from; opens one credential scope
 * per operation. An instance's references are those its spec declares ({@link SpecCredentialRefs}) overlaid
 * by those the host's function returns: <b>the host wins per key</b>, the spec fills the keys the host does not
 * name. Both are judged in the instance's {@link SecretScope} (its project, else its owner), the spec's as a
 * tenant's ({@link CredentialRefs}). They are looked up only when a handler asks for a lease, so an operation
 * that never leases costs no lookup. Thread-safe.
 */
public final class InstanceCredentials implements Function<ConnectorInstance, CredentialVault.Scope> {
  private final @Nullable CredentialVault vault;
  private final Function<ConnectorInstance, Map<String, SecretRef>> refs;
  private final @Nullable SpecCredentialRefs specs;

  public InstanceCredentials(@Nullable CredentialVault vault, Function<ConnectorInstance, Map<String, SecretRef>> refs) {
    this(vault, refs, null);
  }

  private InstanceCredentials(@Nullable CredentialVault vault,
      Function<ConnectorInstance, Map<String, SecretRef>> refs, @Nullable SpecCredentialRefs specs) {
    this.vault = vault;
    this.refs = refs;
    this.specs = specs;
  }

  /** No credentials for any instance. */
  public static InstanceCredentials none() {
    return new InstanceCredentials(null, instance -> Map.of());
  }

  /** These credentials, plus the references the specs in {@code store} declare. */
  public InstanceCredentials withSpecs(SpecStore store) {
    return new InstanceCredentials(vault, refs, new SpecCredentialRefs(store));
  }

  public @Nullable CredentialVault vault() {
    return vault;
  }

  /** The spec-declared references, or null when this engine reads none. */
  public @Nullable SpecCredentialRefs specs() {
    return specs;
  }

  /** The instance's references: the host's and its spec's, judged in the instance's scope; never null. */
  public CredentialRefs refs(ConnectorInstance instance) {
    Map<String, SecretRef> host = refs.apply(instance);
    Map<String, SecretRef> declared = specs == null || vault == null ? Map.of() : specs.refs(instance.id());
    return new CredentialRefs(SecretScope.of(instance.owner(), instance.projectId()), host == null ? Map.of() : host,
        declared);
  }

  /** Where the instance's references resolve (key name to address), without reading material; never null. */
  public Map<String, SecretAddress> addresses(ConnectorInstance instance) {
    return vault == null ? Map.of() : vault.addresses(refs(instance));
  }

  @Override
  public CredentialVault.Scope apply(ConnectorInstance instance) {
    return vault == null ? CredentialVault.none() : vault.open(instance.id(), () -> refs(instance));
  }
}
