package io.cynodeai.connector.core.credentials;

import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.CredentialLease;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * its secrets is {@linkplain #rotated rotated} or {@linkplain #revoked revoked}. Thread-safe.
 */
public final class CredentialVault {
  /** What happened to a secret. */
  public enum Change { ROTATED, REVOKED }

  private final Map<String, SecretProvider> providers = new ConcurrentHashMap<>();
  private final Set<Lease> open = ConcurrentHashMap.newKeySet();
  private final List<BiConsumer<SecretRef, Change>> listeners = new CopyOnWriteArrayList<>();

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
   * A secret got a new value (already stored in its provider): every open lease holding it ends now, so the
   * previous value is no longer usable, and listeners (the engine: health check and audit) are told.
   */
  public void rotated(SecretRef ref) {
    change(Objects.requireNonNull(ref, "ref"), Change.ROTATED);
  }

  /** A secret was withdrawn: every open lease holding it is wiped now, and listeners are told. */
  public void revoked(SecretRef ref) {
    change(Objects.requireNonNull(ref, "ref"), Change.REVOKED);
  }

  /** Whether a provider answers to {@code scheme} in this vault (no secret is looked up). */
  public boolean hasProvider(String scheme) {
    return providers.containsKey(scheme);
  }

  /** Registers a listener for rotations and revocations; the engine registers one per engine. */
  public void onChange(BiConsumer<SecretRef, Change> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Opens the credential scope of one operation: {@code refs} maps the handler's key names to secrets. */
  public Scope open(Map<String, SecretRef> refs) {
    return open("", refs);
  }

  /**
   * Opens the credential scope of one operation of {@code holder} (the engine passes the instance id), so that
   * {@link #endLeases(String)} can end that holder's leases.
   */
  public Scope open(String holder, Map<String, SecretRef> refs) {
    Map<String, SecretRef> copy = Map.copyOf(refs);
    return open(holder, () -> copy);
  }

  /**
   * Opens the credential scope of one operation of {@code holder} whose references are looked up only when
   * the handler first asks for a lease: an operation that never leases costs no lookup at all. A lookup that
   * throws makes the lease fail with {@link CredentialUnavailableException} (naming the exception type only).
   */
  public Scope open(String holder, Supplier<Map<String, SecretRef>> refs) {
    return new Scope(this, Objects.requireNonNull(holder, "holder"), Objects.requireNonNull(refs, "refs"));
  }

  /** Ends (wipes) every open lease of {@code holder} now; returns how many were open. */
  public int endLeases(String holder) {
    int ended = 0;
    for (Lease lease : open) {
      if (lease.holder.equals(holder)) {
        lease.end("its connector instance was deleted");
        open.remove(lease);
        ended++;
      }
    }
    return ended;
  }

  /** Whether {@code holder} has open leases. */
  public boolean holdsLeases(String holder) {
    return open.stream().anyMatch(lease -> lease.holder.equals(holder));
  }

  /**
   * Erases the secret behind {@code ref} if its provider owns it ({@code store:} references); see {@link
   * SecretProvider#erase}. A reference to no configured provider erases nothing.
   *
   * @return whether the provider erases secrets
   */
  public boolean erase(SecretRef ref) {
    SecretProvider provider = providers.get(ref.provider());
    return provider != null && provider.erase(ref.name());
  }

  /** Whether the provider behind {@code ref} still holds material that {@link #erase} would remove. */
  public boolean holds(SecretRef ref) {
    SecretProvider provider = providers.get(ref.provider());
    return provider != null && provider.holds(ref.name());
  }

  /** A scope without credentials, for instances that have none. */
  public static Scope none() {
    return new Scope(null, "", Map::of);
  }

  private void change(SecretRef ref, Change change) {
    for (Lease lease : open) {
      if (lease.refs.values().stream().anyMatch(ref::covers)) {
        lease.end(change == Change.ROTATED ? "a credential was rotated" : "a credential was revoked");
      }
    }
    for (BiConsumer<SecretRef, Change> listener : listeners) {
      listener.accept(ref, change);
    }
  }

  private Lease lease(String holder, Map<String, SecretRef> refs) {
    Map<String, char[]> values = new java.util.HashMap<>();
    try {
      for (Map.Entry<String, SecretRef> e : refs.entrySet()) {
        values.put(e.getKey(), resolve(e.getKey(), e.getValue()));
      }
    } catch (RuntimeException e) {
      values.values().forEach(v -> Arrays.fill(v, '\0'));
      throw e;
    }
    Lease lease = new Lease(holder, refs, values);
    open.add(lease);
    return lease;
  }

  private char[] resolve(String key, SecretRef ref) {
    SecretProvider provider = providers.get(ref.provider());
    String what = "credential '" + key + "' (" + ref + ")";
    if (provider == null) {
      throw new CredentialUnavailableException(what + " names no configured secret provider");
    }
    Optional<char[]> value;
    try {
      value = provider.resolve(ref.name());
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
    private final Supplier<Map<String, SecretRef>> source;
    private @Nullable Map<String, SecretRef> refs;
    private final List<Lease> leases = new ArrayList<>();
    /** What {@link #scrub} searches for: copies of the leased secrets and their encodings, wiped at close. */
    private final List<char[]> needles = new ArrayList<>();
    private boolean closed;

    private Scope(@Nullable CredentialVault vault, String holder, Supplier<Map<String, SecretRef>> source) {
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
      Map<String, SecretRef> wanted = refs();
      if (wanted.isEmpty()) {
        return Optional.empty();
      }
      for (Lease l : leases) {
        if (l.ended == null) {
          return Optional.of(l);
        }
      }
      Lease lease = vault.lease(holder, wanted);
      leases.add(lease);
      for (char[] needle : SecretNeedles.of(List.copyOf(lease.values.values()))) {
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
    private Map<String, SecretRef> refs() {
      Map<String, SecretRef> known = refs;
      if (known == null) {
        Map<String, SecretRef> found;
        try {
          found = source.get();
        } catch (RuntimeException e) {
          throw new CredentialUnavailableException("the credential references of '" + holder
              + "' could not be read (" + e.getClass().getSimpleName() + ")");
        }
        known = found == null ? Map.of() : Map.copyOf(found);
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
      for (Lease lease : leases) {
        lease.end("the operation has ended");
        if (vault != null) {
          vault.open.remove(lease);
        }
      }
    }
  }

  /** Decrypted material, handed out as views; wiped when it ends. */
  private static final class Lease implements CredentialLease {
    private final String holder;
    private final Map<String, SecretRef> refs;
    private final Map<String, char[]> values;
    private volatile @Nullable String ended;

    private Lease(String holder, Map<String, SecretRef> refs, Map<String, char[]> values) {
      this.holder = holder;
      this.refs = refs;
      this.values = values;
    }

    @Override
    public Set<String> keys() {
      return refs.keySet();
    }

    @Override
    public char[] secret(String key) {
      String reason = ended;
      if (reason != null) {
        throw new IllegalStateException("the credential lease has ended: " + reason);
      }
      char[] value = values.get(key);
      if (value == null) {
        throw new IllegalArgumentException("the lease has no credential named '" + key + "'");
      }
      return value;
    }

    private synchronized void end(String reason) {
      if (ended == null) {
        ended = reason;
      }
      values.values().forEach(v -> Arrays.fill(v, '\0'));
    }

    @Override
    public String toString() {
      return "CredentialLease" + refs.keySet();
    }
  }
}
