package io.cynodeai.connector.core.internal.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a delivery against its type's {@link SignatureScheme}, then its signed timestamp against the replay
 * window. Every comparison of a signature or token is constant-time ({@link MessageDigest#isEqual}); keys and
 * secrets never appear in a result. Stateless and thread-safe.
 */
final class SignatureVerifier {
  /** How verification ended. */
  enum Verdict {
    VERIFIED, SIGNATURE_MISSING, SIGNATURE_INVALID, TIMESTAMP_OUTSIDE_WINDOW;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key (RFC 8410). */
  private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private SignatureVerifier() {}

  /**
   * @param secrets the subscription's accepted engine-held secrets (current and those in a rotation grace)
   * @param config the instance's config (for a provider's public key)
   */
  static Verdict verify(SignatureScheme scheme, WebhookRequest request, byte[] body, List<char[]> secrets,
      JsonNode config, Instant now, Duration window) {
    Verdict signature;
    if (scheme instanceof SignatureScheme.HmacSha256 h) {
      signature = hmac(h, request, body, secrets);
    } else if (scheme instanceof SignatureScheme.SharedToken t) {
      signature = token(t, request, secrets);
    } else {
      signature = ed25519((SignatureScheme.Ed25519) scheme, request, body, config);
    }
    if (signature != Verdict.VERIFIED || scheme.timestampHeader() == null) {
      return signature;
    }
    long seconds = timestamp(request, scheme.timestampHeader()).orElse(Long.MIN_VALUE);
    if (seconds == Long.MIN_VALUE) {
      return Verdict.SIGNATURE_INVALID; // cannot happen: the signature covered a parsable timestamp
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    return skew.compareTo(window) <= 0 ? Verdict.VERIFIED : Verdict.TIMESTAMP_OUTSIDE_WINDOW;
  }

  private static Verdict hmac(SignatureScheme.HmacSha256 scheme, WebhookRequest request, byte[] body,
      List<char[]> secrets) {
    Optional<String> given = request.header(scheme.signatureHeader());
    String tsHeader = scheme.timestampHeader();
    Optional<String> ts = tsHeader == null ? Optional.of("") : request.header(tsHeader);
    if (given.isEmpty() || ts.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    if (tsHeader != null && timestamp(request, tsHeader).isEmpty()) {
      return Verdict.SIGNATURE_INVALID;
    }
    byte[] presented = given.get().strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    byte[] prefix = (tsHeader == null ? "" : scheme.basePrefix() + ts.get().strip() + scheme.separator())
        .getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (char[] secret : secrets) {
      byte[] key = SecretSealer.utf8(secret);
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(prefix);
        byte[] expected = (scheme.signaturePrefix().toLowerCase(Locale.ROOT)
            + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        match |= MessageDigest.isEqual(expected, presented); // no early exit: every secret is tried
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return match ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
  }

  private static Verdict token(SignatureScheme.SharedToken scheme, WebhookRequest request, List<char[]> secrets) {
    Optional<String> given = request.header(scheme.header());
    if (given.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    byte[] presented = given.get().strip().getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (char[] secret : secrets) {
      byte[] expected = SecretSealer.utf8(secret);
      match |= MessageDigest.isEqual(expected, presented);
      Arrays.fill(expected, (byte) 0);
    }
    return match ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
  }

  private static Verdict ed25519(SignatureScheme.Ed25519 scheme, WebhookRequest request, byte[] body,
      JsonNode config) {
    Optional<String> given = request.header(scheme.signatureHeader());
    Optional<String> ts = request.header(scheme.timestampHeader());
    if (given.isEmpty() || ts.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    if (timestamp(request, scheme.timestampHeader()).isEmpty()) {
      return Verdict.SIGNATURE_INVALID;
    }
    try {
      byte[] raw = HexFormat.of().parseHex(config.path(scheme.publicKeyField()).asText(""));
      byte[] signature = HexFormat.of().parseHex(given.get().strip());
      if (raw.length != 32 || signature.length != 64) {
        return Verdict.SIGNATURE_INVALID;
      }
      byte[] der = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + 32);
      System.arraycopy(raw, 0, der, ED25519_PREFIX.length, 32);
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(ts.get().strip().getBytes(StandardCharsets.UTF_8));
      verifier.update(body);
      return verifier.verify(signature) ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return Verdict.SIGNATURE_INVALID; // malformed hex, key or signature
    }
  }

  /** The timestamp header as epoch seconds, if it is a plain decimal number. */
  private static Optional<Long> timestamp(WebhookRequest request, String header) {
    Optional<String> text = request.header(header).map(String::strip);
    if (text.isEmpty() || !text.get().matches("[0-9]{1,12}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text.get()));
  }
}
