package io.cynodeai.connector.spi.webhook;

import io.cynodeai.connector.spi.ConnectorContext;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * How a connector registers the host's callback with a provider that has a subscription API (§11): subscribe,
 * renew before expiry, unsubscribe. Optional: providers configured by hand (Mattermost outgoing webhooks,
 * Discord's interactions endpoint) have none. The engine calls these on the host's thread when the host asks
 * (through {@code WebhookService.subscribe}, {@code renew}, {@code unsubscribe}), with the instance's config,
 * credentials and guarded network in the context; they must not block past its deadline. Thread-safe.
 */
public interface SubscriptionLifecycle {

  /**
   * Creates the subscription at the provider.
   *
   * @param subscription the subscription's name (one of {@link WebhookSource#subscriptions()})
   * @param callback the URL the host serves the webhook endpoint on
   * @param secret the engine-held verification secret to register, or null when the scheme needs none; the
   *     engine wipes the array after the call, so do not keep it
   * @throws Exception when the provider refuses or cannot be reached; the engine reports it as a refusal
   */
  ProviderSubscription subscribe(ConnectorContext context, String subscription, URI callback,
      char @Nullable [] secret) throws Exception;

  /** Extends a subscription before it lapses; returns it with its new expiry. */
  ProviderSubscription renew(ConnectorContext context, ProviderSubscription current) throws Exception;

  /** Removes the subscription at the provider; a subscription that is already gone is not an error. */
  void unsubscribe(ConnectorContext context, ProviderSubscription current) throws Exception;
}
