package io.cynodeai.connector.core.observe;

import java.util.Locale;

/**
 * The connector code, other than an operation's handler and a poll (which have their own callbacks), that the
 * engine runs and an {@link EngineObserver} sees through {@link EngineObserver#connectorCall}.
 */
public enum ConnectorCall {
  /** {@code HealthCheck.check}: a host's or the engine's health check of an instance. */
  HEALTH_CHECK,
  /** {@code WebhookSource.parse}: a verified webhook body turned into events, inside its delivery. */
  WEBHOOK_PARSE,
  /** {@code SubscriptionLifecycle.subscribe}: the subscription created at the provider. */
  SUBSCRIBE,
  /** {@code SubscriptionLifecycle.renew}: the provider's subscription extended before it lapses. */
  RENEW,
  /** {@code SubscriptionLifecycle.unsubscribe}: the subscription removed at the provider. */
  UNSUBSCRIBE;

  /** The lower-case name ({@code health_check}, {@code webhook_parse}, {@code subscribe}, ...), for span names. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is a call to the provider's subscription API. */
  public boolean providerSubscription() {
    return this == SUBSCRIBE || this == RENEW || this == UNSUBSCRIBE;
  }
}
