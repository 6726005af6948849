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
 *   <li>{@link StandardWebhooks}: the <a href="https://www.standardwebhooks.com">Standard Webhooks</a> scheme
 *       (Svix, OpenAI, Resend, Clerk and others): {@code webhook-id}, {@code webhook-timestamp} and {@code
 *       webhook-signature} headers, a space-separated list of {@code v1,<base64 HMAC-SHA256>} signatures over
 *       {@code id.timestamp.body} under a {@code whsec_} secret (engine-generated in that format, or a
 *       provider-issued one imported), and {@code v1a,<base64 Ed25519>} signatures under the provider's
 *       {@code whpk_} public key when the instance config names one. The message id is signed, so a replayed
 *       delivery cannot pass with a new id, and deliveries are deduplicated by it.
 *   <li>GitHub's {@code X-Hub-Signature-256: sha256=<hex>} over the body is {@link #github()}, an {@link
 *       HmacSha256} without a timestamp.
 *   <li>{@link StripeStyle}: one header {@code t=<timestamp>,v1=<hex>[,v1=<hex>...]} with HMAC-SHA256 of {@code
 *       timestamp.body}; Stripe is {@link #stripe()}.
 * </ul>
 *
 * <p>Timestamps are decimal epoch seconds, checked against the engine's replay window after the signature.
 */
public sealed interface SignatureScheme {

  /** Whether the engine generates and keeps a secret for each subscription (HMAC and token schemes). */
  boolean needsEngineSecret();

  /** The header carrying the signed timestamp, or null when the scheme signs none. */
  @Nullable String timestampHeader();

  /**
   * The header carrying a message id the signature covers, or null when the scheme signs none. When there is
   * one, a delivery without it is refused, and deliveries are deduplicated by it before any event is.
   */
  default @Nullable String idHeader() {
    return null;
  }

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

  /**
   * Standard Webhooks under headers named {@code headerPrefix + "id"}, {@code + "timestamp"} and {@code +
   * "signature"} ({@code "webhook-"} in the standard; Svix also sends {@code "svix-"}), with {@code v1a}
   * Ed25519 signatures checked against the {@code whpk_} (or raw base64) public key in config field {@code
   * publicKeyField} when it is not null and the instance's config has it.
   */
  record StandardWebhooks(String headerPrefix, @Nullable String publicKeyField) implements SignatureScheme {
    public StandardWebhooks {
      Objects.requireNonNull(headerPrefix, "headerPrefix");
    }

    @Override
    public boolean needsEngineSecret() {
      return true;
    }

    @Override
    public String timestampHeader() {
      return headerPrefix + "timestamp";
    }

    @Override
    public String idHeader() {
      return headerPrefix + "id";
    }

    /** The header with the space-separated signatures. */
    public String signatureHeader() {
      return headerPrefix + "signature";
    }
  }

  /** Standard Webhooks with the standard's {@code webhook-} headers and symmetric {@code v1} signatures. */
  static SignatureScheme standardWebhooks() {
    return new StandardWebhooks("webhook-", null);
  }

  /** Standard Webhooks with {@code v1a} signatures checked against the public key in {@code publicKeyField}. */
  static SignatureScheme standardWebhooks(String headerPrefix, @Nullable String publicKeyField) {
    return new StandardWebhooks(headerPrefix, publicKeyField);
  }

  /**
   * One header carrying the timestamp and the signatures as comma-separated {@code key=value} pairs: {@code
   * t=<epoch seconds>} and one or more {@code v1=<hex HMAC-SHA256 of "t.body">} (several during the sender's
   * secret rotation); other pairs are ignored. The timestamp is checked against the replay window like any.
   */
  record StripeStyle(String header) implements SignatureScheme {
    public StripeStyle {
      Objects.requireNonNull(header, "header");
    }

    @Override
    public boolean needsEngineSecret() {
      return true;
    }

    /** The timestamp travels inside {@link #header()}, not in a header of its own. */
    @Override
    public @Nullable String timestampHeader() {
      return null;
    }
  }

  /** Stripe's scheme: {@code Stripe-Signature: t=...,v1=...}. */
  static SignatureScheme stripe() {
    return new StripeStyle("Stripe-Signature");
  }

  /** GitHub's scheme: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, no timestamp. */
  static SignatureScheme github() {
    return new HmacSha256("X-Hub-Signature-256", "sha256=", null, "", "");
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
