package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * One opened version of a subscription's webhook secret, ready to verify: its UTF-8 bytes (a shared token, the
 * key of the hex HMAC schemes) and HMAC-SHA256 prototypes initialised with it and, when it is a {@code whsec_}
 * secret, with its Standard Webhooks key. A verification runs on a clone of a prototype, kept as a spare for
 * the next one; the prototypes are never updated. {@link #wipe()} zeroes the bytes it holds (a JCA {@code Mac}
 * keeps only its derived pads, which cannot be reached). {@link #toString()} never shows key material. Thread-safe.
 */
final class OpenedSecret {
  private static final String HMAC = "HmacSHA256";

  private final byte[] utf8;
  private final Mac hmac;
  private final @Nullable Mac standard;
  private final AtomicReference<@Nullable Mac> spareHmac = new AtomicReference<>();
  private final AtomicReference<@Nullable Mac> spareStandard = new AtomicReference<>();

  private OpenedSecret(byte[] utf8, Mac hmac, @Nullable Mac standard) {
    this.utf8 = utf8;
    this.hmac = hmac;
    this.standard = standard;
  }

  /** Opens {@code secret} for verification; the caller still wipes {@code secret}. */
  static OpenedSecret of(char[] secret) {
    byte[] utf8 = SecretSealer.utf8(secret);
    Mac standard = null;
    if (StandardWebhookSignatures.isValid(secret)) {
      byte[] key = StandardWebhookSignatures.key(secret);
      try {
        standard = prototype(key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return new OpenedSecret(utf8, prototype(utf8), standard);
  }

  /** The secret's UTF-8 bytes (a shared token): not to be changed or kept. */
  byte[] utf8() {
    return utf8;
  }

  /** HMAC-SHA256, keyed with the secret's UTF-8 bytes, of {@code prefix} then {@code body}. */
  byte[] hmacSha256(byte[] prefix, byte[] body) {
    return sha256(hmac, spareHmac, prefix, body);
  }

  /**
   * HMAC-SHA256, keyed with the Standard Webhooks key, of {@code prefix} then {@code body}; null when the secret
   * is not {@code whsec_}.
   */
  byte @Nullable [] standardSha256(byte[] prefix, byte[] body) {
    return standard == null ? null : sha256(standard, spareStandard, prefix, body);
  }

  /**
   * Runs the HMAC on the spare clone when no other thread holds it, else on a new clone: one verifying thread
   * reuses one {@code Mac}, and concurrent ones never share it. {@code doFinal} leaves a Mac reset for reuse.
   */
  private static byte[] sha256(Mac prototype, AtomicReference<@Nullable Mac> spare, byte[] prefix, byte[] body) {
    Mac mac = spare.getAndSet(null);
    if (mac == null) {
      mac = copy(prototype);
    }
    mac.update(prefix);
    byte[] result = mac.doFinal(body);
    spare.compareAndSet(null, mac);
    return result;
  }

  /** Zeroes the bytes held and drops the spare clones; called when the secret leaves the cache. */
  void wipe() {
    Arrays.fill(utf8, (byte) 0);
    spareHmac.set(null);
    spareStandard.set(null);
  }

  @Override
  public String toString() {
    return "OpenedSecret[redacted]";
  }

  private static Mac copy(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("this JVM's HmacSHA256 cannot be cloned", e);
    }
  }

  /**
   * A Mac initialised with {@code key} through a key whose encoding is a copy the provider wipes (a {@code
   * SecretKeySpec} would keep a copy no one can zero).
   */
  private static Mac prototype(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new TransientKey(key));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  /** A raw HMAC key handing out copies of bytes it does not own. */
  private static final class TransientKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final transient byte[] bytes;

    TransientKey(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public String getAlgorithm() {
      return HMAC;
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return bytes.clone();
    }

    @Override
    public String toString() {
      return "TransientKey[redacted]";
    }
  }
}
