package io.cynodeai.connector.core.internal.credentials;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.CredentialsSpec;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.credentials.SecretRef;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The credential references an instance's spec declares (§19.4.1, REQ-DECL-004): for {@code credentials: {mode:
 * secretRef, secretRef: {provider: p, name: n, keys: {k: e, ...}}}}, credential {@code k} is the reference
 * {@code p:n/e} ({@link SecretRef#entryKey}), resolved by the vault's provider whose scheme is {@code p}. Other
 * modes, and instances without a spec, declare none. The spec is the one stored under the instance's id, read
 * when a reference is needed (a lease, a rotation, a wipe), never on an operation that does not lease.
 *
 * <p>While a spec is being applied its references are {@linkplain #stage staged}, so that the health check the
 * apply runs uses the new references before the spec is stored. Thread-safe.
 */
public final class SpecCredentialRefs {
  private final SpecStore specs;
  private final Map<String, Map<String, SecretRef>> staged = new ConcurrentHashMap<>();

  public SpecCredentialRefs(SpecStore specs) {
    this.specs = specs;
  }

  /** The references the spec of instance {@code instanceId} declares (credential key to secret); never null. */
  public Map<String, SecretRef> refs(String instanceId) {
    Map<String, SecretRef> pending = staged.get(instanceId);
    if (pending != null) {
      return pending;
    }
    return specs.find(instanceId).map(spec -> derive(spec.spec().credentials())).orElse(Map.of());
  }

  /** The references a spec's credentials declare; empty unless they are a {@code secretRef}. */
  public static Map<String, SecretRef> derive(@Nullable CredentialsSpec credentials) {
    if (!(credentials instanceof CredentialsSpec.SecretRef ref) || !SecretRef.isProvider(ref.provider())) {
      return Map.of(); // a provider no vault can register (validation refuses such a spec) resolves nothing
    }
    SecretRef entry = new SecretRef(ref.provider(), ref.name());
    Map<String, SecretRef> out = new HashMap<>();
    ref.keys().forEach((credential, entryKey) -> out.put(credential, entry.entryKey(entryKey)));
    return Map.copyOf(out);
  }

  /**
   * Makes {@code spec}'s references those of its instance until the returned handle is closed (the apply is
   * over, and the stored spec answers again). Applies are serialized per engine, so one name has at most one
   * staged spec.
   */
  public Staged stage(ConnectorSpec spec) {
    Map<String, SecretRef> refs = derive(spec.spec().credentials());
    staged.put(spec.name(), refs);
    return () -> staged.remove(spec.name(), refs);
  }

  /** A staged spec's references; closing it unstages them. */
  @FunctionalInterface
  public interface Staged extends AutoCloseable {
    @Override
    void close();
  }
}
