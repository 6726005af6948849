package io.cynodeai.connector.api.webhook;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A subscription of an instance as the engine sees it. Never carries a secret. Immutable.
 *
 * @param instanceId the instance
 * @param subscription the subscription's name
 * @param enabled whether deliveries are accepted
 * @param managedBySpec whether the instance's connector spec decides {@code enabled} ({@code
 *     spec.inbound.subscriptions}); such a subscription is not enabled or disabled through the service
 * @param secretVersion the current verification secret's version, or 0 when none was issued (or the scheme
 *     needs none)
 * @param providerId the provider's id for it, when it was subscribed through the connector's lifecycle
 * @param expiresAt when the provider's subscription lapses unless renewed, or null
 */
public record SubscriptionState(String instanceId, String subscription, boolean enabled, boolean managedBySpec,
    int secretVersion, @Nullable String providerId, @Nullable Instant expiresAt) {
  public SubscriptionState {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(subscription, "subscription");
  }
}
