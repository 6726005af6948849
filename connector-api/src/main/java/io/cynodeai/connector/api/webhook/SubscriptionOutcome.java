package io.cynodeai.connector.api.webhook;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Refusal;
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
   * {@code store_unavailable}; classified like every refusal ({@code policy_denied} for the first two,
   * {@code transient} for a provider or store that failed, {@code validation_error} otherwise).
   */
  record Refused(Failed failure) implements SubscriptionOutcome, Refusal {
    public Refused {
      Objects.requireNonNull(failure, "failure");
    }

    /** The refusal's code ({@code failure().code()}). */
    public String code() {
      return failure.code();
    }

    /** Why, for a person ({@code failure().message()}). */
    public String message() {
      return failure.message();
    }
  }
}
