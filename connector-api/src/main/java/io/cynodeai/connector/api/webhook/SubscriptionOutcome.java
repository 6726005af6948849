package io.cynodeai.connector.api.webhook;

import java.util.Objects;

/** The result of a subscription management call. Immutable. */
public sealed interface SubscriptionOutcome {

  /** Done; the subscription's state afterwards. */
  record Applied(SubscriptionState state) implements SubscriptionOutcome {
    public Applied {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Refused, nothing changed: {@code policy_denied}, {@code not_found} (instance or subscription),
   * {@code managed_by_spec}, {@code not_supported} (the type has no such lifecycle), {@code provider_failed},
   * {@code store_unavailable}.
   */
  record Refused(String code, String message) implements SubscriptionOutcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
