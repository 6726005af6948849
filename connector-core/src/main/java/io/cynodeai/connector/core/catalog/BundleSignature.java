package io.cynodeai.connector.core.catalog;

import static io.cynodeai.connector.core.catalog.InvalidBundleException.Reason.MALFORMED_SIGNATURE;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A detached signature over a connector bundle: the id of the signing key, the SHA-256 digest of the JAR's
 * bytes, and the Ed25519 signature over that digest. Its text form, as {@link #toText()} writes it:
 *
 * <pre>
 * cynodeai-bundle-signature: 1
 * key: release-2026
 * sha256: 3f5a...(64 hex digits)
 * signature: (base64)
 * </pre>
 *
 * Immutable.
 *
 * @param keyId the id under which the host trusts the signing key
 * @param sha256 the JAR's digest, lower-case hex
 * @param signature the Ed25519 signature over the 32 digest bytes
 */
public record BundleSignature(String keyId, String sha256, byte[] signature) {
  static final String HEADER = "cynodeai-bundle-signature";

  public BundleSignature {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(sha256, "sha256");
    signature = Objects.requireNonNull(signature, "signature").clone();
    if (keyId.isBlank() || keyId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("the key id must be non-blank and without whitespace");
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    if (signature.length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, not " + signature.length);
    }
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  byte[] digestBytes() {
    return HexFormat.of().parseHex(sha256);
  }

  /** The text form. */
  public String toText() {
    return HEADER + ": 1\nkey: " + keyId + "\nsha256: " + sha256 + "\nsignature: "
        + Base64.getEncoder().encodeToString(signature) + "\n";
  }

  /**
   * Parses the text form.
   *
   * @throws InvalidBundleException ({@code MALFORMED_SIGNATURE}) if the text is not a bundle signature
   */
  public static BundleSignature parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      int colon = l.indexOf(':');
      if (colon < 1 || fields.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip()) != null) {
        throw new InvalidBundleException(MALFORMED_SIGNATURE, "the bundle signature is malformed: each line must "
            + "be a distinct 'field: value'");
      }
    }
    if (!"1".equals(fields.get(HEADER))) {
      throw new InvalidBundleException(MALFORMED_SIGNATURE, "the bundle signature is malformed: it does not "
          + "start with '" + HEADER + ": 1'");
    }
    try {
      return new BundleSignature(required(fields, "key"), required(fields, "sha256"),
          Base64.getDecoder().decode(required(fields, "signature").getBytes(StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      throw new InvalidBundleException(MALFORMED_SIGNATURE, "the bundle signature is malformed: "
          + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no '" + name + "' field");
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BundleSignature s && s.keyId.equals(keyId) && s.sha256.equals(sha256)
        && java.util.Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, sha256, java.util.Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "BundleSignature[key=" + keyId + ", sha256=" + sha256 + "]";
  }
}
