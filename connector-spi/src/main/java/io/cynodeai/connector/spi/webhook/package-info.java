/**
 * Inbound webhooks (§11) from the connector author's side: a {@link
 * io.cynodeai.connector.spi.webhook.WebhookSource} declared on a connector type names the subscriptions it
 * offers, the {@link io.cynodeai.connector.spi.webhook.SignatureScheme} the engine verifies before anything is
 * parsed, how a verified body becomes {@link io.cynodeai.connector.spi.webhook.InboundEvent}s, and, optionally,
 * the {@link io.cynodeai.connector.spi.webhook.SubscriptionLifecycle} against the provider.
 */
@NullMarked
package io.cynodeai.connector.spi.webhook;

import org.jspecify.annotations.NullMarked;
