/** Configuration of the engine's webhook gateway (§11); see {@link io.cynodeai.connector.core.webhook.WebhookConfig}. */
@NullMarked
package io.cynodeai.connector.core.webhook;

import org.jspecify.annotations.NullMarked;
