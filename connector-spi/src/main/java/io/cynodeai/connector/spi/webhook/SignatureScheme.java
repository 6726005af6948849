package io.cynodeai.connector.spi.webhook;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the engine authenticates a webhook delivery before the connector sees its body (§2.3, §11). The engine
 * implements every scheme (constant-time comparisons, JCA only); a connector only declares which one its
 * provider uses and where the pieces are. Header names are matched case-insensitively. Immutable.
 *
 * <ul>
 *   <li>{@link HmacSha256}: an HMAC-SHA256 of {@code basePrefix + timestamp + separator + body} (or of the body
 *       alone when there is no timestamp header) under a secret the engine generates and holds, hex encoded
 *       in a header after {@code signaturePrefix}. Slack: {@code hmacSha256("X-Slack-Signature", "v0=",
 *       "X-Slack-Request-Timestamp", "v0:", ":")}.
 *   <li>{@link SharedToken}: a token the engine generates and holds, sent verbatim in a header. Replay
 *       protection then rests on event ids alone: a bearer token signs nothing.
 *   <li>{@link Ed25519}: an Ed25519 signature (hex) of {@code timestamp + body} under the provider's key pair;
 *       the public key (hex, 32 bytes) is the instance's config field {@code publicKeyField}, not a secret.
 *       Discord interactions: {@code ed25519("X-Signature-Ed25519", "X-Signature-Timestamp",
 *       "application_public_key")}.
 * </ul>
 *
 * <p>Timestamps are decimal epoch seconds, checked against the engine's replay window after the signature.
 */
public sealed interface SignatureScheme {

  /** Whether the engine generates and keeps a secret for each subscription (HMAC and token schemes). */
  boolean needsEngineSecret();

  /** The header carrying the signed timestamp, or null when the scheme signs none. */
  @Nullable String timestampHeader();

  /** HMAC-SHA256 under an engine-held secret. */
  record HmacSha256(String signatureHeader, String signaturePrefix, @Nullable String timestampHeader,
      String basePrefix, String separator) implements SignatureScheme {
    public HmacSha256 {
      Objects.requireNonNull(signatureHeader, "signatureHeader");
      Objects.requireNonNull(signaturePrefix, "signaturePrefix");
      Objects.requireNonNull(basePrefix, "basePrefix");
      Objects.requireNonNull(separator, "separator");
    }

    @Override
    public boolean needsEngineSecret() {
      return true;
    }
  }

  /** A shared token in a header, compared in constant time. */
  record SharedToken(String header) implements SignatureScheme {
    public SharedToken {
      Objects.requireNonNull(header, "header");
    }

    @Override
    public boolean needsEngineSecret() {
      return true;
    }

    @Override
    public @Nullable String timestampHeader() {
      return null;
    }
  }

  /** Ed25519 under the provider's key; the public key is instance config. */
  record Ed25519(String signatureHeader, String timestampHeader, String publicKeyField) implements SignatureScheme {
    public Ed25519 {
      Objects.requireNonNull(signatureHeader, "signatureHeader");
      Objects.requireNonNull(timestampHeader, "timestampHeader");
      Objects.requireNonNull(publicKeyField, "publicKeyField");
    }

    @Override
    public boolean needsEngineSecret() {
      return false;
    }
  }

  static SignatureScheme hmacSha256(String signatureHeader, String signaturePrefix,
      @Nullable String timestampHeader, String basePrefix, String separator) {
    return new HmacSha256(signatureHeader, signaturePrefix, timestampHeader, basePrefix, separator);
  }

  static SignatureScheme sharedToken(String header) {
    return new SharedToken(header);
  }

  static SignatureScheme ed25519(String signatureHeader, String timestampHeader, String publicKeyField) {
    return new Ed25519(signatureHeader, timestampHeader, publicKeyField);
  }
}
