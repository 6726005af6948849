package io.cynodeai.connector.core.credentials;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The credential references of one holder (an instance), references only: the {@link SecretScope} they are
 * judged in, those the host mapped ({@code EngineBuilder.credentials(vault, refs)}) and those a tenant declared
 * (a spec's {@code secretRef}). Where both name a key the host's reference wins. A host reference may reach any
 * host secret; a declared one only its scope's own secrets and host secrets {@linkplain CredentialVault#grant
 * granted} to the scope. Immutable.
 *
 * @param scope the holder's secret scope
 * @param host key name to reference, as the host mapped them
 * @param declared key name to reference, as the holder's spec declared them
 */
public record CredentialRefs(SecretScope scope, Map<String, SecretRef> host, Map<String, SecretRef> declared) {
  private static final CredentialRefs NONE = new CredentialRefs(SecretScope.host(), Map.of(), Map.of());

  public CredentialRefs {
    Objects.requireNonNull(scope, "scope");
    host = Map.copyOf(host);
    declared = Map.copyOf(declared);
  }

  /** No references at all. */
  public static CredentialRefs none() {
    return NONE;
  }

  /** References the host mapped, judged in the host's scope. */
  public static CredentialRefs ofHost(Map<String, SecretRef> refs) {
    return new CredentialRefs(SecretScope.host(), refs, Map.of());
  }

  /** Whether there is no reference. */
  public boolean isEmpty() {
    return host.isEmpty() && declared.isEmpty();
  }

  /** Every key's reference, the host's winning over the declared one. */
  public Map<String, SecretRef> merged() {
    if (declared.isEmpty()) {
      return host;
    }
    if (host.isEmpty()) {
      return declared;
    }
    Map<String, SecretRef> out = new HashMap<>(declared);
    out.putAll(host);
    return Map.copyOf(out);
  }

  /** Whether the reference for {@code key} is the host's (it may reach any host secret). */
  public boolean hostMapped(String key) {
    return host.containsKey(key);
  }
}
