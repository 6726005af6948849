package io.cynodeai.connector.core.egress;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Objects;

/**
 * The client certificate and private key a guarded transport presents when a server asks for one (mTLS).
 * Holds a copy of the key password; the key store itself is the host's. Immutable.
 */
public final class ClientIdentity {
  private final KeyStore keyStore;
  private final char[] password;

  private ClientIdentity(KeyStore keyStore, char[] password) {
    this.keyStore = keyStore;
    this.password = password.clone();
  }

  /**
   * An identity from a key store holding one private key entry and its certificate chain.
   *
   * @throws IllegalArgumentException if the key store holds no private key
   */
  public static ClientIdentity of(KeyStore keyStore, char[] keyPassword) {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyPassword, "keyPassword");
    try {
      boolean hasKey = false;
      for (var aliases = keyStore.aliases(); aliases.hasMoreElements(); ) {
        hasKey |= keyStore.isKeyEntry(aliases.nextElement());
      }
      if (!hasKey) {
        throw new IllegalArgumentException("the client identity key store holds no private key entry");
      }
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException("the client identity key store is not loaded", e);
    }
    return new ClientIdentity(keyStore, keyPassword);
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  /** A copy of the key password; the caller should wipe it after use. */
  public char[] password() {
    return password.clone();
  }

  @Override
  public String toString() {
    return "ClientIdentity[key store of type " + keyStore.getType() + "]";
  }
}
