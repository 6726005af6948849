package io.cynodeai.connector.core.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The library's own secret store ({@code store:name}), with envelope encryption (§8): each secret version is
 * encrypted with AES-256-GCM under its own random data key, and only the data key's {@link WrappedKey} (from the
 * {@link KeyManagementService}) is kept beside the ciphertext. {@link #rewrap()} moves every data key to the
 * KMS's current key version without touching a ciphertext, so rotating the key-encryption key is cheap and
 * older versions can then be destroyed. Records are kept in memory. Thread-safe.
 */
public final class EncryptedSecretStore implements SecretProvider {
  private static final int IV_BYTES = 12;

  /** One encrypted secret version; nothing in it is secret without the KMS. */
  public record Sealed(int version, WrappedKey dataKey, byte[] iv, byte[] ciphertext) {
    public Sealed {
      iv = iv.clone();
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    @Override
    public byte[] iv() {
      return iv.clone();
    }
  }

  private final KeyManagementService kms;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Sealed> secrets = new ConcurrentHashMap<>();

  public EncryptedSecretStore(KeyManagementService kms) {
    this.kms = Objects.requireNonNull(kms, "kms");
  }

  @Override
  public String scheme() {
    return "store";
  }

  /**
   * Stores a new version of a secret (the first, or a rotation) and returns its version number. The caller
   * keeps ownership of {@code value} and should wipe it.
   */
  public synchronized int put(String name, char[] value) throws SecretUnavailableException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Sealed previous = secrets.get(name);
    int version = previous == null ? 1 : previous.version() + 1;
    byte[] dataKey = new byte[32];
    byte[] plain = SecretProviders.Utf8.encode(value);
    try {
      random.nextBytes(dataKey);
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, dataKey, iv, aad(name, version)).doFinal(plain);
      secrets.put(name, new Sealed(version, kms.wrap(dataKey), iv, ciphertext));
      return version;
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("secret store:" + name + " could not be encrypted ("
          + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public Optional<char[]> resolve(String name) throws SecretUnavailableException {
    Sealed sealed = secrets.get(name);
    if (sealed == null) {
      return Optional.empty();
    }
    byte[] dataKey = kms.unwrap(sealed.dataKey());
    byte[] plain = null;
    try {
      // GCM verifies the tag before releasing any plaintext: a corrupted record yields nothing at all
      plain = cipher(Cipher.DECRYPT_MODE, dataKey, sealed.iv(), aad(name, sealed.version()))
          .doFinal(sealed.ciphertext());
      return Optional.of(SecretProviders.Utf8.decode(java.nio.ByteBuffer.wrap(plain)));
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("secret store:" + name + " failed authentication ("
          + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** The current encrypted record of a secret (for backup, inspection and tests). */
  public Optional<Sealed> sealed(String name) {
    return Optional.ofNullable(secrets.get(name));
  }

  /** Replaces a record, as when restoring a backup. */
  public void restore(String name, Sealed record) {
    secrets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(record, "record"));
  }

  /** Re-wraps every data key made under an older key version; ciphertexts are untouched. Returns the count. */
  public synchronized int rewrap() throws SecretUnavailableException {
    int count = 0;
    for (Map.Entry<String, Sealed> entry : secrets.entrySet()) {
      Sealed s = entry.getValue();
      if (kms.isStale(s.dataKey())) {
        byte[] dataKey = kms.unwrap(s.dataKey());
        try {
          entry.setValue(new Sealed(s.version(), kms.wrap(dataKey), s.iv(), s.ciphertext()));
          count++;
        } finally {
          Arrays.fill(dataKey, (byte) 0);
        }
      }
    }
    return count;
  }

  /**
   * Deletes a secret (revocation, or deletion of the instance using it): its record, and so its wrapped data
   * key, is forgotten; without the data key the ciphertext (in backups, say) can never be decrypted.
   */
  public void delete(String name) {
    secrets.remove(name);
  }

  /** Deletes the secret; see {@link #delete}. */
  @Override
  public boolean erase(String name) {
    delete(name);
    return true;
  }

  @Override
  public boolean holds(String name) {
    return secrets.containsKey(name);
  }

  private static byte[] aad(String name, int version) {
    return ("store:" + name + "#" + version).getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv, byte[] aad) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    return cipher;
  }
}
