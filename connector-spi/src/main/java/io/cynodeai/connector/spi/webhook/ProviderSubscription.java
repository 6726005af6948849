package io.cynodeai.connector.spi.webhook;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as the provider knows it: its id there and when it lapses unless renewed (null: never).
 * Immutable.
 */
public record ProviderSubscription(String providerId, @Nullable Instant expiresAt) {
  public ProviderSubscription {
    Objects.requireNonNull(providerId, "providerId");
  }
}
