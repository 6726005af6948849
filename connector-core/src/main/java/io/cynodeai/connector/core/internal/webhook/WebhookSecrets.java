package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.core.credentials.KeyManagementService;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Engine-generated webhook verification secrets (§19.2.2): 32 random bytes per version, sealed before they
 * reach the {@link WebhookStore}, handed out once, rotated with a grace period for the versions they replace.
 * Without a key management service no secret can be made. Thread-safe (the store arbitrates between nodes).
 */
final class WebhookSecrets {
  private final @Nullable SecretSealer sealer;
  private final WebhookStore store;
  private final Clock clock;

  WebhookSecrets(@Nullable KeyManagementService kms, WebhookStore store, Clock clock) {
    this.sealer = kms == null ? null : new SecretSealer(kms);
    this.store = store;
    this.clock = clock;
  }

  boolean available() {
    return sealer != null;
  }

  /** Makes version 1 unless the subscription has a secret. */
  void ensure(String instanceId, String subscription) throws SecretUnavailableException {
    SecretSealer s = require();
    if (!store.secrets(instanceId, subscription).isEmpty()) {
      return;
    }
    char[] secret = s.generate();
    try {
      store.addFirstSecret(instanceId, subscription, s.seal(instanceId, subscription, 1, secret));
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /** The versions accepted now (current and in grace), opened, newest first; the caller wipes them. */
  List<char[]> accepted(String instanceId, String subscription) throws SecretUnavailableException {
    if (sealer == null) {
      return List.of();
    }
    Instant now = clock.instant();
    List<char[]> out = new ArrayList<>();
    for (WebhookStore.SealedSecret s : store.secrets(instanceId, subscription)) {
      if (s.retiresAt() == null || s.retiresAt().isAfter(now)) {
        out.add(sealer.open(instanceId, subscription, s.version(), s.sealed()));
      }
    }
    return out;
  }

  /** The newest version, if any. */
  Optional<WebhookStore.SealedSecret> current(String instanceId, String subscription) {
    return store.secrets(instanceId, subscription).stream().filter(s -> s.retiresAt() == null).findFirst();
  }

  SecretOutcome reveal(String instanceId, String subscription) throws SecretUnavailableException {
    SecretSealer s = require();
    ensure(instanceId, subscription);
    WebhookStore.SealedSecret current = current(instanceId, subscription).orElse(null);
    if (current == null || !store.markRevealed(instanceId, subscription, current.version())) {
      return new SecretOutcome.Refused("already_revealed", "the verification secret of subscription '"
          + subscription + "' was already handed out; rotate it for a new one");
    }
    return issued(s, current);
  }

  SecretOutcome rotate(String instanceId, String subscription, Duration grace) throws SecretUnavailableException {
    SecretSealer s = require();
    Instant now = clock.instant();
    char[] secret = s.generate();
    try {
      int version = store.rotateSecret(instanceId, subscription, v -> {
        try {
          return s.seal(instanceId, subscription, v, secret);
        } catch (SecretUnavailableException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }, now.plus(grace), now);
      store.markRevealed(instanceId, subscription, version);
      return new SecretOutcome.Issued(version, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /** The current secret opened (for a provider subscription call), or null when none; the caller wipes it. */
  char @Nullable [] openCurrent(String instanceId, String subscription) throws SecretUnavailableException {
    SecretSealer s = require();
    WebhookStore.SealedSecret current = current(instanceId, subscription).orElse(null);
    return current == null ? null : s.open(instanceId, subscription, current.version(), current.sealed());
  }

  private SecretOutcome issued(SecretSealer s, WebhookStore.SealedSecret sealed) throws SecretUnavailableException {
    char[] secret = s.open(sealed.instanceId(), sealed.subscription(), sealed.version(), sealed.sealed());
    try {
      return new SecretOutcome.Issued(sealed.version(), secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private SecretSealer require() throws SecretUnavailableException {
    if (sealer == null) {
      throw new SecretUnavailableException("the engine has no key management service for webhook secrets"
          + " (WebhookConfig.keys)");
    }
    return sealer;
  }
}
