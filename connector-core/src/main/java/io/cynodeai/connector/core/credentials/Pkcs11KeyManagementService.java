package io.cynodeai.connector.core.credentials;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A {@link KeyManagementService} whose key-encryption keys live in a PKCS#11 token (an HSM, a cloud HSM's PKCS#11
 * library, SoftHSM) and never leave it: data keys are wrapped and unwrapped by the token with AES-256-GCM (the
 * key id and version authenticated with each wrap, as {@link LocalKeyManagementService} does). Each key version
 * is a token secret key labelled {@code <keyId>#<version>}; {@link #rotate()} generates the next one in the
 * token, {@link #destroy(int)} deletes one, and a service opened again on the same token finds its versions by
 * their labels. It uses the JDK's own SunPKCS11 provider, configured by the host:
 *
 * <pre>{@code
 * Provider p11 = Security.getProvider("SunPKCS11").configure("/etc/connector/pkcs11.cfg");
 * var kms = Pkcs11KeyManagementService.open(p11, pin, "secrets-kek");
 * }</pre>
 *
 * <p>where the configuration names the library and slot ({@code library = /usr/lib/softhsm/libsofthsm2.so},
 * {@code slot = 0}). To keep generated keys unexportable, add {@code attributes(generate, CKO_SECRET_KEY, CKK_AES)
 * = { CKA_SENSITIVE = true; CKA_EXTRACTABLE = false }}. Thread-safe.
 */
public final class Pkcs11KeyManagementService implements KeyManagementService {
  private final Provider provider;
  private final KeyStore token;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();
  private final Map<Integer, Key> versions = new ConcurrentHashMap<>();
  private volatile int current;

  private Pkcs11KeyManagementService(Provider provider, KeyStore token, String keyId) {
    this.provider = provider;
    this.token = token;
    this.keyId = keyId;
  }

  /**
   * Logs in to the token behind {@code provider} with {@code pin} (the caller keeps and wipes it) and loads the
   * versions of {@code keyId} found there; when there are none, generates version 1.
   *
   * @throws SecretUnavailableException if the token cannot be opened or the login fails (the message names the
   *     exception type only)
   */
  public static Pkcs11KeyManagementService open(Provider provider, char[] pin, String keyId)
      throws SecretUnavailableException {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(pin, "pin");
    if (Objects.requireNonNull(keyId, "keyId").isBlank() || keyId.contains("#")) {
      throw new IllegalArgumentException("keyId must be non-blank and must not contain '#'");
    }
    try {
      KeyStore token = KeyStore.getInstance("PKCS11", provider);
      token.load(null, pin);
      Pkcs11KeyManagementService kms = new Pkcs11KeyManagementService(provider, token, keyId);
      kms.load();
      if (kms.versions.isEmpty()) {
        kms.rotate();
      }
      return kms;
    } catch (GeneralSecurityException | IOException e) {
      throw new SecretUnavailableException("the PKCS#11 token of " + provider.getName() + " could not be opened ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private synchronized void load() throws GeneralSecurityException {
    for (String alias : Collections.list(token.aliases())) {
      int version = versionOf(alias);
      if (version > 0 && token.isKeyEntry(alias)) {
        versions.put(version, token.getKey(alias, null));
        current = Math.max(current, version);
      }
    }
  }

  private int versionOf(String alias) {
    String prefix = keyId + "#";
    if (!alias.startsWith(prefix)) {
      return -1;
    }
    try {
      return Integer.parseInt(alias.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public String keyId() {
    return keyId;
  }

  public int currentVersion() {
    return current;
  }

  /** The versions that exist in the token, oldest first. */
  public List<Integer> versions() {
    List<Integer> out = new ArrayList<>(versions.keySet());
    Collections.sort(out);
    return out;
  }

  /** Generates the next key version in the token and makes it current; returns its number. */
  public synchronized int rotate() throws SecretUnavailableException {
    int next = current + 1;
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(256, random);
      SecretKey key = generator.generateKey();
      String alias = keyId + "#" + next;
      token.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
      versions.put(next, token.getKey(alias, null));
      current = next;
      return next;
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("key '" + keyId + "' could not be rotated in the PKCS#11 token ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Deletes a key version from the token: data keys wrapped by it can never be unwrapped again.
   *
   * @throws IllegalStateException for the current version (rotate first)
   */
  public synchronized void destroy(int version) throws SecretUnavailableException {
    if (version == current) {
      throw new IllegalStateException("the current key version cannot be destroyed; rotate first");
    }
    try {
      token.deleteEntry(keyId + "#" + version);
      versions.remove(version);
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("key '" + keyId + "' version " + version
          + " could not be destroyed (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public WrappedKey wrap(byte[] dataKey) throws SecretUnavailableException {
    return GcmKeyWrap.wrap(keyId, current, random, dataKey, this::crypt);
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped) throws SecretUnavailableException {
    return GcmKeyWrap.unwrap(keyId, wrapped, this::crypt);
  }

  @Override
  public boolean isStale(WrappedKey wrapped) {
    return wrapped.keyVersion() != current;
  }

  private byte[] crypt(int mode, int version, byte[] iv, byte[] input) throws SecretUnavailableException {
    Key key = versions.get(version);
    if (key == null) {
      throw new SecretUnavailableException("key '" + keyId + "' version " + version + " was destroyed");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
      cipher.init(mode, key, new GCMParameterSpec(GcmKeyWrap.TAG_BITS, iv));
      cipher.updateAAD(GcmKeyWrap.aad(keyId, version));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("data key under key '" + keyId + "' version " + version
          + " failed authentication in the PKCS#11 token (" + e.getClass().getSimpleName() + ")");
    }
  }
}
