package io.cynodeai.connector.core.internal.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.core.credentials.KeyManagementService;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.webhook.StandardWebhookSignatures;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Webhook verification secrets (§19.2.2): engine-generated (32 random bytes per version, in the format the
 * type's scheme uses) or imported from the provider, sealed before they reach the {@link WebhookStore}, handed
 * out once, rotated with a grace period for the versions they replace.
 * Without a key management service no secret can be made. Thread-safe (the store arbitrates between nodes).
 *
 * <p>Opened versions are cached ({@link #MAX_OPENED}, dropped after {@link #IDLE} unused), keyed by their sealed
 * text, so a delivery does not unwrap and decrypt again. The store stays the source of truth: every delivery
 * reads which versions it holds and which are still in grace, so a version another node rotated out, revoked or
 * wiped is not used; on this node a rotation, an import, a grace that has ended and an uninstall also drop the
 * opened versions at once, and a dropped version's bytes are zeroed.
 */
final class WebhookSecrets {
  /** At most this many opened secret versions are kept. */
  static final int MAX_OPENED = 10_000;
  /** An opened version unused this long is dropped. */
  static final Duration IDLE = Duration.ofMinutes(30);

  /** A cached version: the sealed text is in the key, so a new seal of the same version is a new entry. */
  private record Opened(String instanceId, String subscription, int version, String sealed) {
    @Override
    public String toString() {
      return "Opened[" + instanceId + "/" + subscription + " v" + version + "]";
    }
  }

  private final @Nullable SecretSealer sealer;
  private final WebhookStore store;
  private final Clock clock;
  private final Cache<Opened, OpenedSecret> opened = Caffeine.newBuilder().maximumSize(MAX_OPENED)
      .expireAfterAccess(IDLE).executor(Runnable::run)
      .removalListener((Opened key, OpenedSecret value, RemovalCause cause) -> {
        if (value != null) {
          value.wipe();
        }
      }).build();

  WebhookSecrets(@Nullable KeyManagementService kms, WebhookStore store, Clock clock) {
    this.sealer = kms == null ? null : new SecretSealer(kms);
    this.store = store;
    this.clock = clock;
  }

  boolean available() {
    return sealer != null;
  }

  /**
   * A new secret in the format {@code scheme} uses: {@code whsec_} and base64 for Standard Webhooks, base64url
   * otherwise. The caller wipes it.
   */
  private static char[] generate(SecretSealer s, SignatureScheme scheme) {
    return scheme instanceof SignatureScheme.StandardWebhooks ? StandardWebhookSignatures.newSecret() : s.generate();
  }

  /** Makes version 1 unless the subscription has a secret. */
  void ensure(String instanceId, String subscription, SignatureScheme scheme) throws SecretUnavailableException {
    SecretSealer s = require();
    if (!store.secrets(instanceId, subscription).isEmpty()) {
      return;
    }
    char[] secret = generate(s, scheme);
    try {
      store.addFirstSecret(instanceId, subscription, s.seal(instanceId, subscription, 1, secret));
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /**
   * The versions accepted now (current and in grace), opened, newest first. They belong to the cache: the
   * caller neither keeps nor wipes them. A version whose grace has ended leaves the cache here.
   */
  List<OpenedSecret> accepted(String instanceId, String subscription) throws SecretUnavailableException {
    return accepted(instanceId, subscription, clock.instant());
  }

  /** {@link #accepted(String, String)} as of {@code now}, the engine's clock read by the caller. */
  List<OpenedSecret> accepted(String instanceId, String subscription, Instant now)
      throws SecretUnavailableException {
    if (sealer == null) {
      return List.of();
    }
    List<WebhookStore.SealedSecret> sealed = store.secrets(instanceId, subscription);
    List<OpenedSecret> out = new ArrayList<>(sealed.size());
    for (WebhookStore.SealedSecret s : sealed) {
      Opened key = new Opened(instanceId, subscription, s.version(), s.sealed());
      if (s.retiresAt() != null && !s.retiresAt().isAfter(now)) {
        opened.invalidate(key);
        continue;
      }
      OpenedSecret secret = opened.getIfPresent(key);
      if (secret == null) {
        secret = open(sealer, key);
      }
      out.add(secret);
    }
    return out;
  }

  private OpenedSecret open(SecretSealer s, Opened key) throws SecretUnavailableException {
    char[] secret = s.open(key.instanceId(), key.subscription(), key.version(), key.sealed());
    try {
      OpenedSecret fresh = OpenedSecret.of(secret);
      OpenedSecret raced = opened.asMap().putIfAbsent(key, fresh);
      if (raced != null) {
        fresh.wipe();
        return raced;
      }
      return fresh;
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /** Drops the opened versions of a subscription (after a rotation or an import). */
  void forget(String instanceId, String subscription) {
    opened.asMap().keySet().removeIf(k -> k.instanceId().equals(instanceId)
        && k.subscription().equals(subscription));
  }

  /** Drops every opened version of an instance (on uninstall). */
  void forget(String instanceId) {
    opened.asMap().keySet().removeIf(k -> k.instanceId().equals(instanceId));
  }

  /** How many opened versions are cached (for tests). */
  long openedCount() {
    opened.cleanUp();
    return opened.estimatedSize();
  }

  /** The newest version, if any. */
  Optional<WebhookStore.SealedSecret> current(String instanceId, String subscription) {
    return store.secrets(instanceId, subscription).stream().filter(s -> s.retiresAt() == null).findFirst();
  }

  SecretOutcome reveal(String instanceId, String subscription, SignatureScheme scheme)
      throws SecretUnavailableException {
    SecretSealer s = require();
    ensure(instanceId, subscription, scheme);
    WebhookStore.SealedSecret current = current(instanceId, subscription).orElse(null);
    if (current == null || !store.markRevealed(instanceId, subscription, current.version())) {
      return new SecretOutcome.Refused(WebhookGateway.refusal("already_revealed", "the verification secret of "
          + "subscription '" + subscription + "' was already handed out; rotate it for a new one"));
    }
    return issued(s, current);
  }

  SecretOutcome rotate(String instanceId, String subscription, Duration grace, SignatureScheme scheme)
      throws SecretUnavailableException {
    char[] secret = generate(require(), scheme);
    try {
      return new SecretOutcome.Issued(replace(instanceId, subscription, grace, secret), secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /**
   * Makes {@code secret}, which the provider issued (the caller keeps and wipes it), the current version, sealed
   * like a generated one; the versions it replaces stay accepted for {@code grace}.
   */
  SecretOutcome importSecret(String instanceId, String subscription, char[] secret, Duration grace)
      throws SecretUnavailableException {
    return new SecretOutcome.Stored(replace(instanceId, subscription, grace, secret));
  }

  /** Stores {@code secret} as the next version, already revealed; returns the version. */
  private int replace(String instanceId, String subscription, Duration grace, char[] secret)
      throws SecretUnavailableException {
    SecretSealer s = require();
    Instant now = clock.instant();
    int version = store.rotateSecret(instanceId, subscription, v -> {
      try {
        return s.seal(instanceId, subscription, v, secret);
      } catch (SecretUnavailableException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, now.plus(grace), now);
    forget(instanceId, subscription);
    store.markRevealed(instanceId, subscription, version);
    return version;
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
