/**
 * Inbound webhooks (§11) from the host's side: the {@link io.cynodeai.connector.api.webhook.WebhookService}
 * entry point any HTTP server can mount, the {@link io.cynodeai.connector.api.webhook.WebhookResult} it answers
 * with, the {@link io.cynodeai.connector.api.webhook.CanonicalEvent} format every accepted event is delivered
 * in, and the management of subscriptions and their verification secrets.
 */
@NullMarked
package io.cynodeai.connector.api.webhook;

import org.jspecify.annotations.NullMarked;
