package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.api.store.WebhookStore;

/**
 * Wipes an uninstalled instance's webhook state (sealed secrets, subscriptions, delivery records) before the
 * host's wiper runs, and counts its secrets as credentials still held until they are gone (§12). Thread-safe.
 */
public final class WebhookWiper implements CredentialWiper {
  private final WebhookStore store;

  private WebhookWiper(WebhookStore store) {
    this.store = store;
  }

  /** The webhook store's wipe, then {@code next}. */
  public static CredentialWiper before(WebhookStore store, CredentialWiper next) {
    return new WebhookWiper(store).andThen(next);
  }

  @Override
  public void wipe(String instanceId) {
    store.deleteAll(instanceId);
  }

  @Override
  public boolean holdsCredentials(String instanceId) {
    return store.holdsSecrets(instanceId);
  }
}
