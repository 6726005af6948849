package io.cynodeai.connector.core.credentials;

import io.cynodeai.connector.spi.CredentialLease;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decrypted material of one lease from a {@link CredentialVault}, handed out as views; wiped when it ends (its
 * scope closed, its holder was deleted, or one of its secrets was rotated or revoked). Thread-safe.
 */
final class SecretLease implements CredentialLease {
  private final String holder;
  private final Map<String, SecretAddress> addresses;
  private final Map<String, char[]> values;
  private volatile @Nullable String ended;

  SecretLease(String holder, Map<String, SecretAddress> addresses, Map<String, char[]> values) {
    this.holder = holder;
    this.addresses = Map.copyOf(addresses);
    this.values = values;
  }

  @Override
  public Set<String> keys() {
    return addresses.keySet();
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

  /** The operation (instance) the lease was handed to. */
  String holder() {
    return holder;
  }

  /** Whether the lease has not ended yet. */
  boolean live() {
    return ended == null;
  }

  /** The decrypted values (the live buffers, not copies), for the scope's scrubbing needles. */
  Collection<char[]> values() {
    return values.values();
  }

  /** Whether one of the lease's secrets is at (or within) {@code address}. */
  boolean holds(SecretAddress address) {
    return addresses.values().stream().anyMatch(address::covers);
  }

  /** Ends the lease for {@code reason} (the first reason is kept) and zero-fills its buffers. */
  synchronized void end(String reason) {
    if (ended == null) {
      ended = reason;
    }
    values.values().forEach(v -> Arrays.fill(v, '\0'));
  }

  @Override
  public String toString() {
    return "CredentialLease" + addresses.keySet();
  }
}
