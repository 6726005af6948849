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
 * The library's own secret store ({@code store:name}), with envelope encryption (§8) and one namespace per
 * {@link SecretScope}: {@link #put(SecretScope, String, char[])} stores a tenant's secret, which only that
 * scope's references reach (a project's spec naming {@code store:mail} gets its own project's {@code mail},
 * never another's); {@link #put(String, char[])} stores a host secret, reachable from the host's own
 * references and from the scopes it is {@linkplain CredentialVault#grant granted} to. each secret version is
 * encrypted with AES-256-GCM under its own random data key, and only the data key's {@link WrappedKey} (from the
 * {@link KeyManagementService}) is kept beside the ciphertext. {@link #rewrap()} moves every data key to the
 * KMS's current key version without touching a ciphertext, so rotating the key-encryption key is cheap and
 * older versions can then be destroyed. Records are kept in memory. Thread-safe.
 */
public final class EncryptedSecretStore implements ScopedSecretProvider {
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
  private final Map<Key, Sealed> secrets = new ConcurrentHashMap<>();

  /** A secret's place: its scope and name. */
  private record Key(SecretScope scope, String name) {}

  public EncryptedSecretStore(KeyManagementService kms) {
    this.kms = Objects.requireNonNull(kms, "kms");
  }

  @Override
  public String scheme() {
    return "store";
  }

  /**
   * Stores a new version of a host secret (the first, or a rotation) and returns its version number. The caller
   * keeps ownership of {@code value} and should wipe it.
   */
  public int put(String name, char[] value) throws SecretUnavailableException {
    return put(SecretScope.host(), name, value);
  }

  /**
   * Stores a new version of {@code scope}'s secret {@code name} (the first, or a rotation) and returns its
   * version number. The caller keeps ownership of {@code value} and should wipe it.
   */
  public synchronized int put(SecretScope scope, String name, char[] value) throws SecretUnavailableException {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Key key = new Key(scope, name);
    Sealed previous = secrets.get(key);
    int version = previous == null ? 1 : previous.version() + 1;
    byte[] dataKey = new byte[32];
    byte[] plain = SecretProviders.Utf8.encode(value);
    try {
      random.nextBytes(dataKey);
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, dataKey, iv, aad(key, version)).doFinal(plain);
      secrets.put(key, new Sealed(version, kms.wrap(dataKey), iv, ciphertext));
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
  public Optional<char[]> resolve(SecretScope scope, String name) throws SecretUnavailableException {
    Key key = new Key(scope, name);
    Sealed sealed = secrets.get(key);
    if (sealed == null) {
      return Optional.empty();
    }
    byte[] dataKey = kms.unwrap(sealed.dataKey());
    byte[] plain = null;
    try {
      // GCM verifies the tag before releasing any plaintext: a corrupted record yields nothing at all
      plain = cipher(Cipher.DECRYPT_MODE, dataKey, sealed.iv(), aad(key, sealed.version()))
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

  @Override
  public boolean exists(SecretScope scope, String name) {
    return secrets.containsKey(new Key(scope, name));
  }

  /** The current encrypted record of a host secret (for backup, inspection and tests). */
  public Optional<Sealed> sealed(String name) {
    return sealed(SecretScope.host(), name);
  }

  /** The current encrypted record of {@code scope}'s secret {@code name}. */
  public Optional<Sealed> sealed(SecretScope scope, String name) {
    return Optional.ofNullable(secrets.get(new Key(scope, name)));
  }

  /** Replaces a host secret's record, as when restoring a backup. */
  public void restore(String name, Sealed record) {
    restore(SecretScope.host(), name, record);
  }

  /**
   * Replaces {@code scope}'s record {@code name}, as when restoring a backup. A record restored under another
   * scope or name than it was sealed for fails authentication when resolved: the scope and name are bound
   * into the ciphertext.
   */
  public void restore(SecretScope scope, String name, Sealed record) {
    secrets.put(new Key(Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(name, "name")),
        Objects.requireNonNull(record, "record"));
  }

  /** Re-wraps every data key made under an older key version; ciphertexts are untouched. Returns the count. */
  public synchronized int rewrap() throws SecretUnavailableException {
    int count = 0;
    for (Map.Entry<Key, Sealed> entry : secrets.entrySet()) {
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
    delete(SecretScope.host(), name);
  }

  /** Deletes {@code scope}'s secret {@code name}; see {@link #delete(String)}. */
  public void delete(SecretScope scope, String name) {
    secrets.remove(new Key(scope, name));
  }

  /** Deletes the secret; see {@link #delete}. */
  @Override
  public boolean erase(SecretScope scope, String name) {
    delete(scope, name);
    return true;
  }

  @Override
  public boolean holds(SecretScope scope, String name) {
    return secrets.containsKey(new Key(scope, name));
  }

  /** Binds the scope, name and version into the ciphertext, so a record moved elsewhere never decrypts. */
  private static byte[] aad(Key key, int version) {
    SecretScope scope = key.scope();
    String where = scope.isHost() ? "" : scope.kind().name() + ":" + scope.id().length() + ":" + scope.id() + ":";
    return ("store:" + where + key.name() + "#" + version).getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv, byte[] aad) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    return cipher;
  }
}
