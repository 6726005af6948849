package io.cynodeai.connector.core.egress;

import io.cynodeai.connector.core.credentials.CredentialUnavailableException;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.CredentialLease;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
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

  /**
   * An identity kept in the credential store: {@code pkcs12} names a secret holding a base64-encoded PKCS#12
   * key store, {@code password} the secret holding its password (used for the store and the key). The
   * decoded buffers are wiped once the key store is loaded; the key then lives in the returned identity.
   *
   * @throws CredentialUnavailableException if either secret cannot be produced or the key store is unreadable
   */
  public static ClientIdentity fromVault(CredentialVault vault, SecretRef pkcs12, SecretRef password) {
    Objects.requireNonNull(vault, "vault");
    try (CredentialVault.Scope scope = vault.open(Map.of("pkcs12", pkcs12, "password", password))) {
      CredentialLease lease = scope.lease().orElseThrow();
      char[] encoded = lease.secret("pkcs12");
      byte[] der = null;
      try {
        ByteBuffer ascii = StandardCharsets.US_ASCII.encode(CharBuffer.wrap(encoded));
        ByteBuffer decoded = Base64.getMimeDecoder().decode(ascii);
        der = new byte[decoded.remaining()];
        decoded.get(der);
        Arrays.fill(ascii.array(), (byte) 0);
        Arrays.fill(decoded.array(), (byte) 0);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(der), lease.secret("password"));
        return of(store, lease.secret("password"));
      } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
        throw new CredentialUnavailableException("client identity " + pkcs12 + " is not a readable base64 PKCS#12"
            + " key store (" + e.getClass().getSimpleName() + ")");
      } finally {
        if (der != null) {
          Arrays.fill(der, (byte) 0);
        }
      }
    }
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
