package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.store.CredentialWiper;

/**
 * Wipes an uninstalled instance's webhook state (sealed secrets, subscriptions, delivery records) before the
 * host's wiper runs, and counts its secrets as credentials still held until they are gone (§12). First the
 * gateway removes the instance's subscriptions at the provider, while its credentials still exist. Thread-safe.
 */
public final class WebhookWiper implements CredentialWiper {
  private final WebhookGateway gateway;

  private WebhookWiper(WebhookGateway gateway) {
    this.gateway = gateway;
  }

  /** The gateway's removal at the provider and its store's wipe, then {@code next}. */
  public static CredentialWiper before(WebhookGateway gateway, CredentialWiper next) {
    return new WebhookWiper(gateway).andThen(next);
  }

  @Override
  public void wipe(String instanceId) {
    gateway.removeAtProvider(instanceId);
    gateway.store().deleteAll(instanceId);
    gateway.forgetOpenedSecrets(instanceId);
  }

  @Override
  public boolean holdsCredentials(String instanceId) {
    return gateway.store().holdsSecrets(instanceId);
  }
}
