package io.cynodeai.connector.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the webhook gateway needs durably (§11): which event ids were delivered (deduplication), the
 * state of subscriptions not managed by specs, and subscriptions' verification secrets, sealed (encrypted by
 * the engine before they reach the store: a store never sees a secret). Engine nodes sharing one store share
 * deduplication and secrets. Expiry of delivery records uses one clock for every node (the database's, for a
 * database). May block on I/O; thread-safe.
 */
public interface WebhookStore {

  /** What claiming an event id found. */
  enum Claim {
    /** The id is new (or its earlier claim lapsed): the caller delivers it, then completes or releases it. */
    CLAIMED,
    /** The id was delivered within its time to live. */
    DELIVERED,
    /** Another delivery of the id is in progress and its lock has not run out. */
    IN_FLIGHT
  }

  /**
   * Claims an event id for delivery, locked for {@code lock} (a claimer that dies frees it after that).
   * Exactly one of any number of concurrent claims of one id wins.
   */
  Claim claim(String instanceId, String subscription, String eventId, Duration lock);

  /** Marks a claimed id delivered, remembered for {@code ttl}. */
  void complete(String instanceId, String subscription, String eventId, Duration ttl);

  /** Forgets a claim whose delivery failed, so a redelivery can run. */
  void release(String instanceId, String subscription, String eventId);

  /** Deletes delivery records whose time to live has passed; returns how many. */
  int purgeExpired();

  /** The stored state of a subscription, if it was ever enabled, disabled or subscribed. */
  Optional<Subscription> subscription(String instanceId, String subscription);

  /** Creates or replaces a subscription's state. */
  void putSubscription(Subscription subscription);

  /** Every sealed secret of a subscription, newest version first (retired ones included until pruned). */
  List<SealedSecret> secrets(String instanceId, String subscription);

  /**
   * Stores version 1 of a subscription's secret unless it already has one.
   *
   * @return whether it was stored (false: a secret existed, perhaps created by another node just now)
   */
  boolean addFirstSecret(String instanceId, String subscription, String sealed);

  /**
   * Stores the next version, sealed by {@code seal} (given the version number, which the seal authenticates),
   * sets {@code retireOthersAt} on every version not yet retiring, and prunes versions retired before {@code
   * now}. Returns the new version.
   */
  int rotateSecret(String instanceId, String subscription, IntFunction<String> seal, Instant retireOthersAt,
      Instant now);

  /** Marks a secret version handed out; true only for the first caller. */
  boolean markRevealed(String instanceId, String subscription, int version);

  /** Forgets everything about an instance: secrets, subscriptions, delivery records (on uninstall). */
  void deleteAll(String instanceId);

  /** Whether any secret of the instance is still held (to verify a credential wipe). */
  boolean holdsSecrets(String instanceId);

  /**
   * A subscription's stored state.
   *
   * @param providerId the provider's id when subscribed through the connector's lifecycle, else null
   * @param expiresAt when the provider subscription lapses, or null
   */
  record Subscription(String instanceId, String subscription, boolean enabled, @Nullable String providerId,
      @Nullable Instant expiresAt) {
    public Subscription {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(subscription, "subscription");
    }
  }

  /**
   * One version of a subscription's secret, as opaque sealed text.
   *
   * @param retiresAt when this version stops being accepted (after a rotation), or null while it is current
   */
  record SealedSecret(String instanceId, String subscription, int version, String sealed, boolean revealed,
      @Nullable Instant retiresAt) {
    public SealedSecret {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(subscription, "subscription");
      Objects.requireNonNull(sealed, "sealed");
    }

    @Override
    public String toString() {
      return "SealedSecret[" + instanceId + "/" + subscription + " v" + version + "]";
    }
  }
}
