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
    Optional<ConnectorSpec> spec = specs.find(instanceId);
    if (spec.isEmpty()) {
      return Optional.empty(); // the usual case, on every delivery's path: no stream
    }
    for (SubscriptionSpec s : spec.get().spec().subscriptions()) {
      if (s.name().equals(subscription)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  boolean enabled(String instanceId, String subscription) {
    Optional<SubscriptionSpec> spec = fromSpec(instanceId, subscription);
    if (spec.isPresent()) {
      return spec.get().enabled();
    }
    return store.subscription(instanceId, subscription).map(WebhookStore.Subscription::enabled).orElse(false);
  }
}
