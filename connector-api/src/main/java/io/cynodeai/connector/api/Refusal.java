package io.cynodeai.connector.api;

/**
 * A request the engine refused: nothing was done, and {@link #failure()} says why, classified. Every sealed
 * outcome of the API names its refusal {@code Refused} and implements this interface ({@code LifecycleOutcome},
 * {@code SpecOutcome}, {@code CatalogOutcome}, {@code JobService.Submission}, {@code SubscriptionOutcome},
 * {@code SecretOutcome}, {@code TypeListing}), so a host can handle every refusal in one place:
 *
 * <pre>{@code
 * if (outcome instanceof Refusal refusal) {
 *   log.warn("refused: {}", refusal.failure().code());
 * }
 * }</pre>
 */
public interface Refusal {

  /** Why the request was refused: its class, stable code and message. Never contains a secret. */
  Failed failure();
}
