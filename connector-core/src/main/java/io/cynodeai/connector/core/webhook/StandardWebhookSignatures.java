package io.cynodeai.connector.core.webhook;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric half of <a href="https://www.standardwebhooks.com">Standard Webhooks</a>: {@code whsec_} secrets
 * (base64 of 24 to 64 random bytes) and {@code v1,<base64 HMAC-SHA256>} signatures over {@code
 * id.timestamp.body}. The engine verifies deliveries with it; a host that sends webhooks signs with {@link
 * #sign}. Secrets are taken and returned as {@code char[]} that the caller owns and wipes. Stateless and
 * thread-safe.
 */
public final class StandardWebhookSignatures {
  /** The prefix that identifies a serialized symmetric secret. */
  public static final String SECRET_PREFIX = "whsec_";
  private static final int MIN_KEY_BYTES = 24;
  private static final int MAX_KEY_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private StandardWebhookSignatures() {}

  /** A new secret: {@code whsec_} and the base64 of 32 random bytes. */
  public static char[] newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    byte[] encoded = Base64.getEncoder().encode(key);
    try {
      char[] out = new char[SECRET_PREFIX.length() + encoded.length];
      SECRET_PREFIX.getChars(0, SECRET_PREFIX.length(), out, 0);
      for (int i = 0; i < encoded.length; i++) {
        out[SECRET_PREFIX.length() + i] = (char) encoded[i];
      }
      return out;
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(encoded, (byte) 0);
    }
  }

  /**
   * The key bytes of a secret ({@code whsec_} optional, standard base64), which the caller wipes.
   *
   * @throws IllegalArgumentException if it is not base64 of 24 to 64 bytes (the message quotes nothing of it)
   */
  public static byte[] key(char[] secret) {
    Objects.requireNonNull(secret, "secret");
    int from = startsWith(secret, SECRET_PREFIX) ? SECRET_PREFIX.length() : 0;
    ByteBuffer ascii = StandardCharsets.ISO_8859_1.encode(CharBuffer.wrap(secret, from, secret.length - from));
    byte[] text = Arrays.copyOf(ascii.array(), ascii.limit());
    Arrays.fill(ascii.array(), (byte) 0);
    try {
      byte[] key = Base64.getDecoder().decode(text);
      if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
        Arrays.fill(key, (byte) 0);
        throw new IllegalArgumentException("a Standard Webhooks secret is the base64 of 24 to 64 bytes");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a Standard Webhooks secret is whsec_ followed by base64 of 24 to 64"
          + " bytes");
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  /** Whether {@code secret} is a well-formed secret; see {@link #key}. */
  public static boolean isValid(char[] secret) {
    try {
      Arrays.fill(key(secret), (byte) 0);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The {@code v1,<base64>} signature of a message, as a sender puts it in {@code webhook-signature}. */
  public static String sign(char[] secret, String messageId, long timestampSeconds, byte[] body) {
    byte[] key = key(secret);
    try {
      return "v1," + Base64.getEncoder().encodeToString(mac(key, messageId, Long.toString(timestampSeconds), body));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Whether the base64 signature {@code presented} (without its {@code v1,}) is the HMAC of the message under
   * {@code key}, compared in constant time; malformed base64 is simply no match.
   */
  public static boolean matches(byte[] key, String messageId, String timestamp, byte[] body, String presented) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(presented);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(key, messageId, timestamp, body), given);
  }

  /** The bytes a Standard Webhooks signature covers: {@code id.timestamp.body}. */
  public static byte[] signedContent(String messageId, String timestamp, byte[] body) {
    byte[] head = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  private static byte[] mac(byte[] key, String messageId, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  private static boolean startsWith(char[] text, String prefix) {
    if (text.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (text[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
