package io.cynodeai.connector.core.webhook;

import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.core.credentials.KeyManagementService;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How the engine's webhook gateway runs (§11), for {@code EngineBuilder.webhooks(..)}. Immutable; build with
 * {@link #builder(Consumer)}.
 *
 * <ul>
 *   <li>{@code subscriber}: receives every new event in the {@link CanonicalEvent} format, on the host's
 *       request thread; an event counts as delivered only once it returns (a throwing subscriber makes the
 *       delivery fail with 500, and the provider's redelivery is accepted again).
 *   <li>{@code replayWindow} (default 5 minutes): how far a delivery's signed timestamp may be from the
 *       engine's clock, in the past or the future.
 *   <li>{@code dedupTtl} (default 24 h, never less than twice the replay window): how long a delivered event
 *       id is remembered, so a replay that passes the timestamp check is always caught as a duplicate.
 *   <li>{@code maxBodyBytes} (default 256 KiB): the engine-wide body cap; a type's own cap may be lower.
 *   <li>{@code callTimeouts} (defaults 10 s and 30 s): how long a connector's {@code parse} of a delivery, and
 *       one of its provider subscription calls (subscribe, renew, unsubscribe), may run; past it the connector
 *       thread is interrupted and the delivery refused ({@code 503 parse_timeout}) or the call failed.
 *   <li>{@code keys}: the key management service that seals engine-generated verification secrets (envelope
 *       encryption, like {@code EncryptedSecretStore}). Without one, subscriptions whose scheme needs an
 *       engine-held secret (HMAC, token) cannot be given a secret and refuse every delivery; Ed25519 works.
 *   <li>{@code store}: deduplication records, subscriptions and sealed secrets; {@code EngineBuilder.stores(..)}
 *       sets the durable one, otherwise in memory.
 * </ul>
 */
public final class WebhookConfig {
  private final Consumer<CanonicalEvent> subscriber;
  private final Duration replayWindow;
  private final Duration dedupTtl;
  private final int maxBodyBytes;
  private final @Nullable KeyManagementService keys;
  private final @Nullable WebhookStore store;
  private final Duration renewEvery;
  private final Duration renewBefore;
  private final Duration parseTimeout;
  private final Duration providerCallTimeout;

  private WebhookConfig(Builder b) {
    this.parseTimeout = b.parseTimeout;
    this.providerCallTimeout = b.providerCallTimeout;
    this.renewEvery = b.renewEvery;
    this.renewBefore = b.renewBefore;
    this.subscriber = b.subscriber;
    this.replayWindow = b.replayWindow;
    this.dedupTtl = b.dedupTtl.compareTo(b.replayWindow.multipliedBy(2)) < 0 ? b.replayWindow.multipliedBy(2)
        : b.dedupTtl;
    this.maxBodyBytes = b.maxBodyBytes;
    this.keys = b.keys;
    this.store = b.store;
  }

  /** A configuration delivering to {@code subscriber}, with every other setting at its default. */
  public static Builder builder(Consumer<CanonicalEvent> subscriber) {
    return new Builder(subscriber);
  }

  public Consumer<CanonicalEvent> subscriber() {
    return subscriber;
  }

  public Duration replayWindow() {
    return replayWindow;
  }

  /**
   * How long delivered event ids are remembered: the configured TTL, but never less than twice the replay
   * window (a timestamp may be up to one window in the future and one in the past).
   */
  public Duration dedupTtl() {
    return dedupTtl;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public @Nullable KeyManagementService keys() {
    return keys;
  }

  public @Nullable WebhookStore store() {
    return store;
  }

  /** How often the engine looks for provider subscriptions to renew (default 5 minutes). */
  public Duration renewEvery() {
    return renewEvery;
  }

  /** How long before its expiry a provider subscription is renewed (default 1 hour). */
  public Duration renewBefore() {
    return renewBefore;
  }

  /** How long a connector's {@code parse} of one delivery may run (default 10 s). */
  public Duration parseTimeout() {
    return parseTimeout;
  }

  /** How long one provider subscription call (subscribe, renew, unsubscribe) may run (default 30 s). */
  public Duration providerCallTimeout() {
    return providerCallTimeout;
  }

  /** A copy using {@code value} as its store unless one was set explicitly. */
  public WebhookConfig withDefaultStore(WebhookStore value) {
    if (store != null) {
      return this;
    }
    Builder b = new Builder(subscriber).replayWindow(replayWindow).dedupTtl(dedupTtl).maxBodyBytes(maxBodyBytes)
        .store(value).renewal(renewEvery, renewBefore).callTimeouts(parseTimeout, providerCallTimeout);
    b.keys = keys;
    return b.build();
  }

  /** Collects a configuration. Not thread-safe. */
  public static final class Builder {
    private final Consumer<CanonicalEvent> subscriber;
    private Duration replayWindow = Duration.ofMinutes(5);
    private Duration dedupTtl = Duration.ofHours(24);
    private int maxBodyBytes = 256 * 1024;
    private @Nullable KeyManagementService keys;
    private @Nullable WebhookStore store;
    private Duration renewEvery = Duration.ofMinutes(5);
    private Duration renewBefore = Duration.ofHours(1);
    private Duration parseTimeout = Duration.ofSeconds(10);
    private Duration providerCallTimeout = Duration.ofSeconds(30);

    private Builder(Consumer<CanonicalEvent> subscriber) {
      this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    }

    public Builder replayWindow(Duration value) {
      this.replayWindow = positive(value, "replayWindow");
      return this;
    }

    public Builder dedupTtl(Duration value) {
      this.dedupTtl = positive(value, "dedupTtl");
      return this;
    }

    public Builder maxBodyBytes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive");
      }
      this.maxBodyBytes = value;
      return this;
    }

    /** Seals engine-generated verification secrets with this key management service. */
    public Builder keys(KeyManagementService value) {
      this.keys = Objects.requireNonNull(value, "keys");
      return this;
    }

    /**
     * Renews provider subscriptions (types with a {@code SubscriptionLifecycle}) that lapse within {@code
     * before}, looking every {@code every}; each renewal is audited as {@code webhook.renew} by {@code system}.
     */
    public Builder renewal(Duration every, Duration before) {
      this.renewEvery = positive(every, "every");
      this.renewBefore = positive(before, "before");
      return this;
    }

    /**
     * Bounds the connector's code: {@code parse} of a delivery runs at most {@code parse}, a provider
     * subscription call at most {@code providerCall}; each runs on a handler thread, interrupted at its bound.
     */
    public Builder callTimeouts(Duration parse, Duration providerCall) {
      this.parseTimeout = positive(parse, "parse");
      this.providerCallTimeout = positive(providerCall, "providerCall");
      return this;
    }

    public Builder store(WebhookStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    public WebhookConfig build() {
      return new WebhookConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
