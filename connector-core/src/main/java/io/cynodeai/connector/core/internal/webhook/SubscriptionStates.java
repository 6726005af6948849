package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SubscriptionSpec;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.api.store.WebhookStore;
import java.util.Optional;

/**
 * Whether a subscription is enabled, read at delivery time: a subscription listed in the instance's stored
 * connector spec ({@code spec.inbound.subscriptions}) is decided by the spec (the spec wins, as everywhere);
 * any other one by what the host set through the webhook service (disabled until enabled). Thread-safe.
 */
final class SubscriptionStates {
  private final SpecStore specs;
  private final WebhookStore store;

  SubscriptionStates(SpecStore specs, WebhookStore store) {
    this.specs = specs;
    this.store = store;
  }

  /** The spec's entry for the subscription, when the instance's spec lists it. */
  Optional<SubscriptionSpec> fromSpec(String instanceId, String subscription) {
    return specs.find(instanceId).map(ConnectorSpec::spec)
        .flatMap(b -> b.subscriptions().stream().filter(s -> s.name().equals(subscription)).findFirst());
  }

  boolean enabled(String instanceId, String subscription) {
    Optional<SubscriptionSpec> spec = fromSpec(instanceId, subscription);
    if (spec.isPresent()) {
      return spec.get().enabled();
    }
    return store.subscription(instanceId, subscription).map(WebhookStore.Subscription::enabled).orElse(false);
  }
}
