package io.cynodeai.connector.core.credentials;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process {@link KeyManagementService}: one named AES-256 key-encryption key with numbered versions,
 * wrapping data keys with AES-GCM (the key id and version are authenticated with each wrap). {@link #rotate()}
 * makes a new version current; older versions keep unwrapping until {@link #destroy(int)}ed. Keys live in
 * memory only, so this suits embedded use and tests; production hosts should adapt a real KMS. Thread-safe.
 */
public final class LocalKeyManagementService implements KeyManagementService {
  private final String keyId;
  private final SecureRandom random = new SecureRandom();
  private final Map<Integer, byte[]> versions = new ConcurrentHashMap<>();
  private volatile int current;

  public LocalKeyManagementService(String keyId) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    rotate();
  }

  public String keyId() {
    return keyId;
  }

  /** Creates a new key version and makes it current; returns its number. */
  public synchronized int rotate() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    int next = current + 1;
    versions.put(next, key);
    current = next;
    return next;
  }

  public int currentVersion() {
    return current;
  }

  /** The versions that still exist, oldest first. */
  public List<Integer> versions() {
    return versions.keySet().stream().sorted().toList();
  }

  /**
   * Destroys a key version: its bytes are wiped, and data keys wrapped by it can never be unwrapped again.
   *
   * @throws IllegalStateException for the current version (rotate first)
   */
  public synchronized void destroy(int version) {
    if (version == current) {
      throw new IllegalStateException("the current key version cannot be destroyed; rotate first");
    }
    byte[] key = versions.remove(version);
    if (key != null) {
      Arrays.fill(key, (byte) 0);
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
    byte[] key = versions.get(version);
    if (key == null) {
      throw new SecretUnavailableException("key '" + keyId + "' version " + version + " was destroyed");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GcmKeyWrap.TAG_BITS, iv));
      cipher.updateAAD(GcmKeyWrap.aad(keyId, version));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("data key under key '" + keyId + "' version " + version
          + " failed authentication (" + e.getClass().getSimpleName() + ")");
    }
  }
}
