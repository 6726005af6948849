package io.cynodeai.connector.core.internal.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a delivery against its type's {@link SignatureScheme}, then its signed timestamp against the replay
 * window. Every comparison of a signature or token is constant-time ({@link MessageDigest#isEqual}); keys and
 * secrets never appear in a result. Stateless and thread-safe.
 */
final class SignatureVerifier {
  /** How verification ended. */
  enum Verdict {
    VERIFIED, SIGNATURE_MISSING, SIGNATURE_INVALID, TIMESTAMP_OUTSIDE_WINDOW;

    private final String code = name().toLowerCase(Locale.ROOT);

    String code() {
      return code;
    }
  }

  /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key (RFC 8410). */
  private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  /** At most this many entries of a signature list are looked at (the standard sends one per active key). */
  static final int MAX_SIGNATURES = 8;

  private SignatureVerifier() {}

  /**
   * @param secrets the subscription's accepted engine-held secrets (current and those in a rotation grace)
   * @param config the instance's config (for a provider's public key)
   */
  static Verdict verify(SignatureScheme scheme, DeliveryHeaders request, byte[] body, List<OpenedSecret> secrets,
      JsonNode config, Instant now, Duration window) {
    Verdict signature;
    if (scheme instanceof SignatureScheme.HmacSha256 h) {
      signature = hmac(h, request, body, secrets);
    } else if (scheme instanceof SignatureScheme.StandardWebhooks w) {
      signature = standard(w, request, body, secrets, config);
    } else if (scheme instanceof SignatureScheme.SharedToken t) {
      signature = token(t, request, secrets);
    } else if (scheme instanceof SignatureScheme.StripeStyle p) {
      return stripeStyle(p, request, body, secrets, now, window);
    } else {
      signature = ed25519((SignatureScheme.Ed25519) scheme, request, body, config);
    }
    if (signature != Verdict.VERIFIED || scheme.timestampHeader() == null) {
      return signature;
    }
    long seconds = timestamp(request, scheme.timestampHeader());
    if (seconds < 0) {
      return Verdict.SIGNATURE_INVALID; // cannot happen: the signature covered a parsable timestamp
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    return skew.compareTo(window) <= 0 ? Verdict.VERIFIED : Verdict.TIMESTAMP_OUTSIDE_WINDOW;
  }

  private static Verdict hmac(SignatureScheme.HmacSha256 scheme, DeliveryHeaders request, byte[] body,
      List<OpenedSecret> secrets) {
    Optional<String> given = request.header(scheme.signatureHeader());
    String tsHeader = scheme.timestampHeader();
    Optional<String> ts = tsHeader == null ? Optional.of("") : request.header(tsHeader);
    if (given.isEmpty() || ts.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    if (tsHeader != null && timestamp(request, tsHeader) < 0) {
      return Verdict.SIGNATURE_INVALID;
    }
    String text = given.get().strip();
    String signaturePrefix = scheme.signaturePrefix();
    if (!text.regionMatches(true, 0, signaturePrefix, 0, signaturePrefix.length())) {
      return Verdict.SIGNATURE_INVALID;
    }
    byte[] presented = hex(text.substring(signaturePrefix.length()));
    if (presented == null) {
      return Verdict.SIGNATURE_INVALID;
    }
    byte[] prefix = (tsHeader == null ? "" : scheme.basePrefix() + ts.get().strip() + scheme.separator())
        .getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (OpenedSecret secret : secrets) {
      match |= MessageDigest.isEqual(secret.hmacSha256(prefix, body), presented); // every secret is tried
    }
    return match ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
  }

  /** The bytes of a hex text (either case), or null when it is not hex. */
  private static byte @Nullable [] hex(String text) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Standard Webhooks: the id, timestamp and signature headers must all be there; any one of the (at most
   * {@link #MAX_SIGNATURES}) space-separated {@code v1,} signatures matching any accepted secret, or a {@code
   * v1a,} signature verifying under the configured public key, verifies the delivery. Every pair is tried.
   */
  private static Verdict standard(SignatureScheme.StandardWebhooks scheme, DeliveryHeaders request, byte[] body,
      List<OpenedSecret> secrets, JsonNode config) {
    Optional<String> id = request.header(scheme.idHeader()).map(String::strip);
    Optional<String> ts = request.header(scheme.timestampHeader()).map(String::strip);
    Optional<String> given = request.header(scheme.signatureHeader()).map(String::strip);
    if (id.isEmpty() || id.get().isEmpty() || ts.isEmpty() || given.isEmpty() || given.get().isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    if (timestamp(request, scheme.timestampHeader()) < 0) {
      return Verdict.SIGNATURE_INVALID;
    }
    byte[] head = (id.get() + "." + ts.get() + ".").getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    List<String> entries = entries(given.get());
    for (String entry : entries) {
      if (entry.startsWith("v1,")) {
        byte[] presented = base64(entry.substring(3));
        for (OpenedSecret secret : secrets) {
          // null: a secret of another format cannot have made a v1 signature
          byte[] expected = presented == null ? null : secret.standardSha256(head, body);
          if (expected != null) {
            match |= MessageDigest.isEqual(expected, presented);
          }
        }
      } else if (entry.startsWith("v1a,") && scheme.publicKeyField() != null) {
        match |= standardEd25519(config.path(scheme.publicKeyField()).asText(""), entry.substring(4),
            StandardWebhookSignatures.signedContent(id.get(), ts.get(), body));
      }
    }
    return match ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
  }

  /** The first {@link #MAX_SIGNATURES} entries of a space-separated list. */
  private static List<String> entries(String list) {
    List<String> out = new ArrayList<>(2);
    int i = 0;
    int n = list.length();
    while (i < n && out.size() < MAX_SIGNATURES) {
      while (i < n && list.charAt(i) == ' ') {
        i++;
      }
      int end = list.indexOf(' ', i);
      end = end < 0 ? n : end;
      if (end > i) {
        out.add(list.substring(i, end));
      }
      i = end;
    }
    return out;
  }

  private static byte @Nullable [] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** One header of {@code t=...,v1=...} pairs; the signed timestamp is checked here, after the signature. */
  private static Verdict stripeStyle(SignatureScheme.StripeStyle scheme, DeliveryHeaders request, byte[] body,
      List<OpenedSecret> secrets, Instant now, Duration window) {
    Optional<String> given = request.header(scheme.header());
    if (given.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    String ts = null;
    List<byte[]> presented = new ArrayList<>();
    String[] pairs = given.get().split(",", 2 * MAX_SIGNATURES + 1);
    for (int i = 0; i < Math.min(pairs.length, 2 * MAX_SIGNATURES); i++) {
      String pair = pairs[i].strip();
      if (pair.startsWith("t=") && ts == null) {
        ts = pair.substring(2);
      } else if (pair.startsWith("v1=")) {
        byte[] candidate = hex(pair.substring(3));
        presented.add(candidate == null ? new byte[0] : candidate); // not hex: never matches
      }
    }
    if (ts == null || presented.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    long seconds = seconds(ts);
    if (seconds < 0) {
      return Verdict.SIGNATURE_INVALID;
    }
    boolean match = false;
    byte[] prefix = (ts + ".").getBytes(StandardCharsets.UTF_8);
    for (OpenedSecret secret : secrets) {
      byte[] expected = secret.hmacSha256(prefix, body);
      for (byte[] candidate : presented) {
        match |= MessageDigest.isEqual(expected, candidate); // no early exit
      }
    }
    if (!match) {
      return Verdict.SIGNATURE_INVALID;
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    return skew.compareTo(window) <= 0 ? Verdict.VERIFIED : Verdict.TIMESTAMP_OUTSIDE_WINDOW;
  }

  /** A {@code v1a} signature (base64) under a {@code whpk_} (or plain base64) 32-byte Ed25519 public key. */
  private static boolean standardEd25519(String publicKey, String signature, byte[] content) {
    try {
      String encoded = publicKey.startsWith("whpk_") ? publicKey.substring(5) : publicKey;
      return ed25519Verifies(Base64.getDecoder().decode(encoded), Base64.getDecoder().decode(signature), content);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean ed25519Verifies(byte[] raw, byte[] signature, byte[]... content) {
    if (raw.length != 32 || signature.length != 64) {
      return false;
    }
    try {
      byte[] der = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + 32);
      System.arraycopy(raw, 0, der, ED25519_PREFIX.length, 32);
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      for (byte[] part : content) {
        verifier.update(part);
      }
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a malformed key or signature
    }
  }

  private static Verdict token(SignatureScheme.SharedToken scheme, DeliveryHeaders request,
      List<OpenedSecret> secrets) {
    Optional<String> given = request.header(scheme.header());
    if (given.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    byte[] presented = given.get().strip().getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (OpenedSecret secret : secrets) {
      match |= MessageDigest.isEqual(secret.utf8(), presented);
    }
    return match ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
  }

  private static Verdict ed25519(SignatureScheme.Ed25519 scheme, DeliveryHeaders request, byte[] body,
      JsonNode config) {
    Optional<String> given = request.header(scheme.signatureHeader());
    Optional<String> ts = request.header(scheme.timestampHeader());
    if (given.isEmpty() || ts.isEmpty()) {
      return Verdict.SIGNATURE_MISSING;
    }
    if (timestamp(request, scheme.timestampHeader()) < 0) {
      return Verdict.SIGNATURE_INVALID;
    }
    try {
      byte[] raw = HexFormat.of().parseHex(config.path(scheme.publicKeyField()).asText(""));
      byte[] signature = HexFormat.of().parseHex(given.get().strip());
      return ed25519Verifies(raw, signature, ts.get().strip().getBytes(StandardCharsets.UTF_8), body)
          ? Verdict.VERIFIED : Verdict.SIGNATURE_INVALID;
    } catch (IllegalArgumentException e) {
      return Verdict.SIGNATURE_INVALID; // malformed hex
    }
  }

  /** The timestamp header as epoch seconds, or -1 unless it is a plain decimal number. */
  private static long timestamp(DeliveryHeaders request, String header) {
    Optional<String> text = request.header(header);
    return text.isEmpty() ? -1 : seconds(text.get().strip());
  }

  /** 1 to 12 ASCII digits as a number, or -1. */
  static long seconds(String text) {
    int n = text.length();
    if (n == 0 || n > 12) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
