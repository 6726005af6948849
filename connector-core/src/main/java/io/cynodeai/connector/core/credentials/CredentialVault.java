package io.cynodeai.connector.core.credentials;

import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.CredentialLease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
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
    return new Scope(this, Objects.requireNonNull(holder, "holder"), Map.copyOf(refs));
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
    return new Scope(null, "", Map.of());
  }

  private void change(SecretRef ref, Change change) {
    for (Lease lease : open) {
      if (lease.refs.containsValue(ref)) {
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
      values.values().forEach(v -> java.util.Arrays.fill(v, '\0'));
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
    try {
      return provider.resolve(ref.name())
          .orElseThrow(() -> new CredentialUnavailableException(what + " does not exist"));
    } catch (SecretUnavailableException e) {
      throw new CredentialUnavailableException(what + " is unavailable: " + e.getMessage());
    }
  }

  /** The credentials of one operation. Closing it wipes every lease it handed out. Thread-safe. */
  public static final class Scope implements CredentialAccess, AutoCloseable {
    private final @Nullable CredentialVault vault;
    private final String holder;
    private final Map<String, SecretRef> refs;
    private final List<Lease> leases = new ArrayList<>();
    private boolean closed;

    private Scope(@Nullable CredentialVault vault, String holder, Map<String, SecretRef> refs) {
      this.vault = vault;
      this.holder = holder;
      this.refs = refs;
    }

    @Override
    public synchronized Optional<CredentialLease> lease() {
      if (closed) {
        throw new IllegalStateException("the operation has ended; its credentials are gone");
      }
      if (refs.isEmpty() || vault == null) {
        return Optional.empty();
      }
      for (Lease l : leases) {
        if (l.ended == null) {
          return Optional.of(l);
        }
      }
      Lease lease = vault.lease(holder, refs);
      leases.add(lease);
      return Optional.of(lease);
    }

    /**
     * {@code text} with every occurrence of a secret leased in this scope replaced by {@code [REDACTED]}: the
     * last line of defence for messages a connector built carelessly. Compares characters in place, so no
     * string copy of a secret is made. Secrets shorter than 4 characters are not searched for.
     */
    public synchronized String scrub(String text) {
      String out = text;
      for (Lease lease : leases) {
        for (char[] secret : lease.values.values()) {
          out = replace(out, secret);
        }
      }
      return out;
    }

    private static String replace(String text, char[] secret) {
      if (secret.length < 4 || secret[0] == '\0') {
        return text;
      }
      StringBuilder out = null;
      int copied = 0;
      for (int i = 0; i + secret.length <= text.length(); i++) {
        if (matchesAt(text, i, secret)) {
          out = out == null ? new StringBuilder(text.length()) : out;
          out.append(text, copied, i).append("[REDACTED]");
          copied = i + secret.length;
          i = copied - 1;
        }
      }
      return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean matchesAt(String text, int at, char[] secret) {
      for (int j = 0; j < secret.length; j++) {
        if (text.charAt(at + j) != secret[j]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public synchronized void close() {
      closed = true;
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
      values.values().forEach(v -> java.util.Arrays.fill(v, '\0'));
    }

    @Override
    public String toString() {
      return "CredentialLease" + refs.keySet();
    }
  }
}
