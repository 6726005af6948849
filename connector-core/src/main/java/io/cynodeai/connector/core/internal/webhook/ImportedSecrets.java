package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import org.jspecify.annotations.Nullable;

/**
 * What a provider-issued secret must look like before the engine seals it: for Standard Webhooks a {@code
 * whsec_} secret of 24 to 64 bytes; otherwise 16 to 1,024 printable characters. Messages never quote the secret.
 * Stateless.
 */
final class ImportedSecrets {
  private static final int MIN_CHARS = 16;
  private static final int MAX_CHARS = 1024;

  private ImportedSecrets() {}

  /** Why {@code secret} cannot be imported for {@code scheme}, or null when it can. */
  static @Nullable String problem(SignatureScheme scheme, char[] secret) {
    if (scheme instanceof SignatureScheme.StandardWebhooks) {
      return StandardWebhookSignatures.isValid(secret) ? null
          : "a Standard Webhooks secret is whsec_ followed by the base64 of 24 to 64 bytes";
    }
    if (secret.length < MIN_CHARS || secret.length > MAX_CHARS) {
      return "a webhook secret has " + MIN_CHARS + " to " + MAX_CHARS + " characters";
    }
    for (char c : secret) {
      if (c <= ' ' || c == 0x7f) {
        return "a webhook secret has no spaces or control characters";
      }
    }
    return null;
  }
}
