package io.cynodeai.connector.core.credentials;

import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.CredentialLease;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The host's secret providers, and the leases the engine hands out from them (§8). The engine opens a
 * {@link Scope} per operation; a lease's buffers are decrypted only when the handler asks for them and are
 * zero-filled when the scope closes (the operation ended: success, failure or timeout), or at once when one of
 * its secrets is {@linkplain #rotated rotated} or {@linkplain #revoked revoked}.
 *
 * <p><b>Reach.</b> Each reference is resolved within its holder's {@link SecretScope} ({@link CredentialRefs}):
 * a {@link ScopedSecretProvider} answers with the scope's own secret of that name; a reference the host mapped
 * may also reach any host secret; a reference a tenant declared (a spec) reaches a host secret only where the
 * host {@linkplain #grant granted} it to the scope. Anything else is out of reach: refused at validation
 * ({@link #reach}) and never resolved. Thread-safe.
 */
public final class CredentialVault {
  /** What happened to a secret. */
  public enum Change { ROTATED, REVOKED }

  private final Map<String, SecretProvider> providers = new ConcurrentHashMap<>();
  private final Set<SecretLease> open = ConcurrentHashMap.newKeySet();
  private final List<BiConsumer<SecretAddress, Change>> listeners = new CopyOnWriteArrayList<>();
  private final SecretGrants grants = new SecretGrants();

  private CredentialVault(List<SecretProvider> list) {
    for (SecretProvider p : list) {
      if (!SecretRef.isProvider(p.scheme())) {
        throw new IllegalArgumentException("secret provider scheme '" + p.scheme() + "' must be lower-case"
            + " letters, digits and dashes, starting with a letter");
      }
      if (providers.putIfAbsent(p.scheme(), p) != null) {
        throw new IllegalArgumentException("two secret providers answer to '" + p.scheme() + "'");
      }
    }
  }

  public static CredentialVault of(SecretProvider... providers) {
    return new CredentialVault(List.of(providers));
  }

  /**
   * Lets tenant {@code grantee}'s declared references (its specs) reach the host secret {@code secret}, or every
   * key of it when it names a whole entry ({@code env:shared-db} grants {@code env:shared-db/password}). This is
   * the explicit act that makes a host-level provider ({@code env:}, {@code file:}, a host vault, or a host
   * secret of the {@link EncryptedSecretStore}) reachable from a tenant; without it such references are refused
   * as {@code secret_not_in_scope}. Returns this vault.
   */
  public CredentialVault grant(SecretScope grantee, SecretRef secret) {
    grants.add(grantee, secret);
    return this;
  }

  /**
   * Withdraws a grant made with {@link #grant}; references that relied on it are out of reach from the next
   * lease on. Returns whether there was such a grant.
   */
  public boolean revokeGrant(SecretScope grantee, SecretRef secret) {
    return grants.remove(grantee, secret);
  }

  /** Whether {@code scope} was granted the host secret {@code ref} (or the entry it is a key of). */
  public boolean granted(SecretScope scope, SecretRef ref) {
    return grants.covers(scope, ref);
  }

  /**
   * Where a reference that {@code scope} declared would resolve, without reading any material: {@code scope}'s
   * own secret when its provider keeps secrets per scope and has it, else the host's secret when it is
   * {@linkplain #grant granted} to the scope; empty when it is out of reach. The answer is the same for a
   * secret of another tenant and for one that does not exist, so it reveals nothing beyond the scope.
   */
  public Optional<SecretAddress> reach(SecretScope scope, SecretRef ref) {
    return locate(scope, ref, false);
  }

  private Optional<SecretAddress> locate(SecretScope scope, SecretRef ref, boolean hostMapped) {
    SecretProvider provider = providers.get(ref.provider());
    if (provider == null) {
      return Optional.empty();
    }
    if (!scope.isHost() && provider instanceof ScopedSecretProvider scoped && scoped.exists(scope, ref.name())) {
      return Optional.of(new SecretAddress(scope, ref));
    }
    if (scope.isHost() || hostMapped || granted(scope, ref)) {
      return Optional.of(SecretAddress.host(ref));
    }
    return Optional.empty();
  }

  /**
   * Where each of {@code refs}' keys resolves (key name to address); keys out of reach are left out. No
   * material is read.
   */
  public Map<String, SecretAddress> addresses(CredentialRefs refs) {
    Map<String, SecretAddress> out = new HashMap<>();
    refs.merged().forEach((key, ref) -> locate(refs.scope(), ref, refs.hostMapped(key))
        .ifPresent(address -> out.put(key, address)));
    return out;
  }

  /**
   * A host secret got a new value (already stored in its provider): every open lease holding it ends now, so
   * the previous value is no longer usable, and listeners (the engine: health check and audit) are told.
   */
  public void rotated(SecretRef ref) {
    rotated(SecretAddress.host(Objects.requireNonNull(ref, "ref")));
  }

  /** As {@link #rotated(SecretRef)}, for the secret at {@code address} (a tenant's own, say). */
  public void rotated(SecretAddress address) {
    change(Objects.requireNonNull(address, "address"), Change.ROTATED);
  }

  /** A host secret was withdrawn: every open lease holding it is wiped now, and listeners are told. */
  public void revoked(SecretRef ref) {
    revoked(SecretAddress.host(Objects.requireNonNull(ref, "ref")));
  }

  /** As {@link #revoked(SecretRef)}, for the secret at {@code address}. */
  public void revoked(SecretAddress address) {
    change(Objects.requireNonNull(address, "address"), Change.REVOKED);
  }

  /** Whether a provider answers to {@code scheme} in this vault (no secret is looked up). */
  public boolean hasProvider(String scheme) {
    return providers.containsKey(scheme);
  }

  /** Registers a listener for rotations and revocations; the engine registers one per engine. */
  public void onChange(BiConsumer<SecretAddress, Change> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Opens the credential scope of one operation: {@code refs} maps the handler's key names to host secrets. */
  public Scope open(Map<String, SecretRef> refs) {
    return open("", refs);
  }

  /**
   * Opens the credential scope of one operation of {@code holder} (the engine passes the instance id), so that
   * {@link #endLeases(String)} can end that holder's leases; {@code refs} are the host's.
   */
  public Scope open(String holder, Map<String, SecretRef> refs) {
    CredentialRefs copy = CredentialRefs.ofHost(refs);
    return open(holder, () -> copy);
  }

  /**
   * Opens the credential scope of one operation of {@code holder} whose references are looked up only when
   * the handler first asks for a lease: an operation that never leases costs no lookup at all. A lookup that
   * throws makes the lease fail with {@link CredentialUnavailableException} (naming the exception type only).
   */
  public Scope open(String holder, Supplier<CredentialRefs> refs) {
    return new Scope(this, Objects.requireNonNull(holder, "holder"), Objects.requireNonNull(refs, "refs"));
  }

  /** Ends (wipes) every open lease of {@code holder} now; returns how many were open. */
  public int endLeases(String holder) {
    int ended = 0;
    for (SecretLease lease : open) {
      if (lease.holder().equals(holder)) {
        lease.end("its connector instance was deleted");
        open.remove(lease);
        ended++;
      }
    }
    return ended;
  }

  /** Whether {@code holder} has open leases. */
  public boolean holdsLeases(String holder) {
    return open.stream().anyMatch(lease -> lease.holder().equals(holder));
  }

  /**
   * Erases the host secret behind {@code ref} if its provider owns it ({@code store:} references); see {@link
   * SecretProvider#erase}. A reference to no configured provider erases nothing.
   *
   * @return whether the provider erases secrets
   */
  public boolean erase(SecretRef ref) {
    return erase(SecretAddress.host(ref));
  }

  /** Erases the secret at {@code address} if its provider owns it; see {@link #erase(SecretRef)}. */
  public boolean erase(SecretAddress address) {
    SecretProvider provider = providers.get(address.ref().provider());
    if (provider instanceof ScopedSecretProvider scoped) {
      return scoped.erase(address.scope(), address.ref().name());
    }
    return provider != null && address.scope().isHost() && provider.erase(address.ref().name());
  }

  /** Whether the provider behind {@code ref} still holds host material that {@link #erase} would remove. */
  public boolean holds(SecretRef ref) {
    return holds(SecretAddress.host(ref));
  }

  /** Whether the provider still holds material at {@code address} that {@link #erase} would remove. */
  public boolean holds(SecretAddress address) {
    SecretProvider provider = providers.get(address.ref().provider());
    if (provider instanceof ScopedSecretProvider scoped) {
      return scoped.holds(address.scope(), address.ref().name());
    }
    return provider != null && address.scope().isHost() && provider.holds(address.ref().name());
  }

  /** A scope without credentials, for instances that have none. */
  public static Scope none() {
    return new Scope(null, "", CredentialRefs::none);
  }

  private void change(SecretAddress address, Change change) {
    for (SecretLease lease : open) {
      if (lease.holds(address)) {
        lease.end(change == Change.ROTATED ? "a credential was rotated" : "a credential was revoked");
      }
    }
    for (BiConsumer<SecretAddress, Change> listener : listeners) {
      listener.accept(address, change);
    }
  }

  private SecretLease lease(String holder, CredentialRefs refs) {
    Map<String, char[]> values = new HashMap<>();
    Map<String, SecretAddress> addresses = new HashMap<>();
    try {
      for (Map.Entry<String, SecretRef> e : refs.merged().entrySet()) {
        String key = e.getKey();
        SecretAddress address = locate(refs.scope(), e.getValue(), refs.hostMapped(key))
            .orElseThrow(() -> outOfReach(key, e.getValue(), refs.scope()));
        addresses.put(key, address);
        values.put(key, resolve(key, address));
      }
    } catch (RuntimeException e) {
      values.values().forEach(v -> Arrays.fill(v, '\0'));
      throw e;
    }
    SecretLease lease = new SecretLease(holder, addresses, values);
    open.add(lease);
    return lease;
  }

  private CredentialUnavailableException outOfReach(String key, SecretRef ref, SecretScope scope) {
    String what = "credential '" + key + "' (" + ref + ")";
    if (!providers.containsKey(ref.provider())) {
      return new CredentialUnavailableException(what + " names no configured secret provider");
    }
    // the same words whether the secret belongs to someone else or does not exist at all
    return new CredentialUnavailableException(what + " does not exist within the reach of " + scope
        + " (its own secrets and host secrets granted to it)");
  }

  private char[] resolve(String key, SecretAddress address) {
    SecretRef ref = address.ref();
    SecretProvider provider = providers.get(ref.provider());
    String what = "credential '" + key + "' (" + ref + ")";
    if (provider == null) {
      throw new CredentialUnavailableException(what + " names no configured secret provider");
    }
    Optional<char[]> value;
    try {
      value = provider instanceof ScopedSecretProvider scoped ? scoped.resolve(address.scope(), ref.name())
          : provider.resolve(ref.name());
    } catch (SecretUnavailableException e) {
      throw new CredentialUnavailableException(what + " is unavailable: " + e.getMessage());
    } catch (RuntimeException e) {
      // a provider that breaks its contract may quote anything in its message: name the type only
      throw new CredentialUnavailableException(what + " is unavailable: its provider failed ("
          + e.getClass().getSimpleName() + ")");
    }
    return value.orElseThrow(() -> new CredentialUnavailableException(what + " does not exist"));
  }

  /** The credentials of one operation. Closing it wipes every lease it handed out. Thread-safe. */
  public static final class Scope implements CredentialAccess, AutoCloseable {
    private final @Nullable CredentialVault vault;
    private final String holder;
    private final Supplier<CredentialRefs> source;
    private @Nullable CredentialRefs refs;
    private final List<SecretLease> leases = new ArrayList<>();
    /** What {@link #scrub} searches for: copies of the leased secrets and their encodings, wiped at close. */
    private final List<char[]> needles = new ArrayList<>();
    private boolean closed;

    private Scope(@Nullable CredentialVault vault, String holder, Supplier<CredentialRefs> source) {
      this.vault = vault;
      this.holder = holder;
      this.source = source;
    }

    @Override
    public synchronized Optional<CredentialLease> lease() {
      if (closed) {
        throw new IllegalStateException("the operation has ended; its credentials are gone");
      }
      if (vault == null) {
        return Optional.empty();
      }
      CredentialRefs wanted = refs();
      if (wanted.isEmpty()) {
        return Optional.empty();
      }
      for (SecretLease l : leases) {
        if (l.live()) {
          return Optional.of(l);
        }
      }
      SecretLease lease = vault.lease(holder, wanted);
      leases.add(lease);
      for (char[] needle : SecretNeedles.of(List.copyOf(lease.values()))) {
        if (needles.stream().anyMatch(n -> Arrays.equals(n, needle))) {
          Arrays.fill(needle, '\0');
        } else {
          needles.add(needle);
        }
      }
      needles.sort(Comparator.comparingInt((char[] n) -> n.length).reversed());
      return Optional.of(lease);
    }

    /** The references, looked up on first use and kept for the rest of the operation. */
    private CredentialRefs refs() {
      CredentialRefs known = refs;
      if (known == null) {
        CredentialRefs found;
        try {
          found = source.get();
        } catch (RuntimeException e) {
          throw new CredentialUnavailableException("the credential references of '" + holder
              + "' could not be read (" + e.getClass().getSimpleName() + ")");
        }
        known = found == null ? CredentialRefs.none() : found;
        refs = known;
      }
      return known;
    }

    /**
     * {@code text} with every occurrence of a secret leased in this scope replaced by {@code [REDACTED]}: the
     * last line of defence for messages and answers a connector built carelessly. Besides the secret as it is,
     * it finds the forms a provider echoes back: percent-encoded (any character, either hex case, {@code +} for
     * a space), and the Base64 of {@code user:secret} (see {@link SecretNeedles}). The forms are computed once
     * per lease and kept, as char arrays, until the scope closes, so a secret rotated mid-operation is still
     * found in what the operation returns. Compares characters in place: no string copy of a secret is made.
     * Secrets shorter than {@value SecretNeedles#MIN_LENGTH} characters are not searched for on their own. Returns
     * {@code text} itself when it holds no secret.
     */
    public synchronized String scrub(String text) {
      return needles.isEmpty() ? text : SecretNeedles.replace(text, needles);
    }

    /** Whether this scope leased a secret that {@link #scrub} searches for; if not, scrubbing changes nothing. */
    public synchronized boolean scrubs() {
      return !needles.isEmpty();
    }

    @Override
    public synchronized void close() {
      closed = true;
      needles.forEach(n -> Arrays.fill(n, '\0'));
      needles.clear();
      for (SecretLease lease : leases) {
        lease.end("the operation has ended");
        if (vault != null) {
          vault.open.remove(lease);
        }
      }
    }
  }
}
