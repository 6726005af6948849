package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.core.credentials.KeyManagementService;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.credentials.WrappedKey;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of webhook secrets, as {@code EncryptedSecretStore} does it: each secret version is
 * encrypted with AES-256-GCM under a fresh random data key, the instance, subscription and version are
 * authenticated data (a sealed value moved to another subscription does not open), and only the data key
 * wrapped by the {@link KeyManagementService} is kept. The sealed text is {@code s1.<keyId>.<keyVersion>.
 * <wrapped>.<iv>.<ciphertext>} (base64url parts). Thread-safe.
 */
final class SecretSealer {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private final KeyManagementService kms;
  private final SecureRandom random = new SecureRandom();

  SecretSealer(KeyManagementService kms) {
    this.kms = kms;
  }

  /** A new random secret: 32 bytes, base64url (43 characters). The caller wipes it. */
  char[] generate() {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    try {
      byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(raw);
      char[] out = new char[encoded.length];
      for (int i = 0; i < encoded.length; i++) {
        out[i] = (char) encoded[i];
      }
      Arrays.fill(encoded, (byte) 0);
      return out;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  String seal(String instanceId, String subscription, int version, char[] secret) throws SecretUnavailableException {
    byte[] dataKey = new byte[32];
    byte[] plain = utf8(secret);
    try {
      random.nextBytes(dataKey);
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      byte[] ct = cipher(Cipher.ENCRYPT_MODE, dataKey, iv, aad(instanceId, subscription, version)).doFinal(plain);
      WrappedKey wrapped = kms.wrap(dataKey);
      return "s1." + B64.encodeToString(wrapped.keyId().getBytes(StandardCharsets.UTF_8)) + "."
          + wrapped.keyVersion() + "." + B64.encodeToString(wrapped.ciphertext()) + "." + B64.encodeToString(iv)
          + "." + B64.encodeToString(ct);
    } catch (GeneralSecurityException e) {
      throw new SecretUnavailableException("a webhook secret could not be encrypted (" + e.getClass().getSimpleName()
          + ")");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** The secret; the caller wipes it. */
  char[] open(String instanceId, String subscription, int version, String sealed) throws SecretUnavailableException {
    String[] parts = sealed.split("\\.");
    if (parts.length != 6 || !parts[0].equals("s1")) {
      throw new SecretUnavailableException("a sealed webhook secret is malformed");
    }
    byte[] dataKey = null;
    byte[] plain = null;
    try {
      WrappedKey wrapped = new WrappedKey(new String(D64.decode(parts[1]), StandardCharsets.UTF_8),
          Integer.parseInt(parts[2]), D64.decode(parts[3]));
      dataKey = kms.unwrap(wrapped);
      plain = cipher(Cipher.DECRYPT_MODE, dataKey, D64.decode(parts[4]), aad(instanceId, subscription, version))
          .doFinal(D64.decode(parts[5]));
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecretUnavailableException("a sealed webhook secret failed authentication ("
          + e.getClass().getSimpleName() + ")");
    } finally {
      if (dataKey != null) {
        Arrays.fill(dataKey, (byte) 0);
      }
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  static byte[] utf8(char[] chars) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    Arrays.fill(buffer.array(), (byte) 0);
    return out;
  }

  private static byte[] aad(String instanceId, String subscription, int version) {
    return ("webhook:" + instanceId + "/" + subscription + "#" + version).getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv, byte[] aad) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    return cipher;
  }
}
