package io.cynodeai.connector.api.webhook;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Refusal;
import java.util.Arrays;
import java.util.Objects;

/** The result of asking for a subscription's verification secret. */
public sealed interface SecretOutcome {

  /**
   * The secret, handed out this once: configure the provider with it, then {@link #wipe()} it. The engine keeps
   * it only encrypted and will not show it again ({@code toString} never shows it). Not thread-safe.
   */
  final class Issued implements SecretOutcome {
    private final int version;
    private final char[] secret;

    public Issued(int version, char[] secret) {
      this.version = version;
      this.secret = secret.clone();
    }

    public int version() {
      return version;
    }

    /** A copy of the secret. */
    public char[] secret() {
      return secret.clone();
    }

    /** Zero-fills this result's copy of the secret. */
    public void wipe() {
      Arrays.fill(secret, '\0');
    }

    @Override
    public String toString() {
      return "Issued[version=" + version + ", secret=[REDACTED]]";
    }
  }

  /**
   * A secret the host supplied (a provider-issued one) was sealed and stored as {@code version}; it is not
   * echoed back.
   */
  record Stored(int version) implements SecretOutcome {}

  /**
   * Nothing handed out: {@code policy_denied}, {@code not_found}, {@code not_enabled}, {@code no_secret} (the
   * scheme needs none), {@code already_revealed} (rotate for a new one), {@code no_key_service} (the engine
   * has no key management service to encrypt secrets with), {@code invalid_secret} (an imported secret of the
   * wrong form), {@code store_unavailable}; classified like every refusal ({@code policy_denied} for the
   * first, {@code transient} for an unavailable store or secret, {@code validation_error} otherwise).
   */
  record Refused(Failed failure) implements SecretOutcome, Refusal {
    public Refused {
      Objects.requireNonNull(failure, "failure");
    }

    /** The refusal's code ({@code failure().code()}). */
    public String code() {
      return failure.code();
    }

    /** Why, for a person ({@code failure().message()}). */
    public String message() {
      return failure.message();
    }
  }
}
