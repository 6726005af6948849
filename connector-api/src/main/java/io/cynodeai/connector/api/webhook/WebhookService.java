package io.cynodeai.connector.api.webhook;

import io.cynodeai.connector.api.Caller;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The engine's webhook gateway (§11): the host owns the HTTP server and mounts {@link #deliver} on a route of
 * its choosing (say {@code POST /webhooks/{instance}/{subscription}}); the engine owns verification, the
 * replay window, deduplication, the canonical event format, tenancy and audit. Thread-safe.
 *
 * <p>{@link #deliver} takes no {@link Caller}: a delivery is authenticated by its signature, not by a user.
 * Everything else is a management call authorized for the caller: enabling and disabling for {@code
 * connector.instance.manage}, secrets and provider subscriptions for {@code connector.credential.manage}.
 */
public interface WebhookService {

  /** The largest body {@link #deliver} accepts, in bytes; read at most one byte more before calling it. */
  int maxBodyBytes();

  /**
   * Verifies and delivers one request. In order: the body size; the instance (it must exist, be reachable and
   * active) and the subscription (offered by its type and enabled); the signature, before the body is looked
   * at; the signed timestamp against the replay window; then the connector parses the body, every event is
   * claimed by id in the deduplication store, new ones are converted to {@link CanonicalEvent}s, redacted and
   * handed to the subscriber, and only then recorded as delivered. Audited, whatever the outcome. Never throws
   * for a bad request.
   */
  WebhookResult deliver(String instanceId, String subscription, WebhookDelivery delivery);

  /** Every subscription the instance's type offers, with its state. Empty for an unknown instance. */
  List<SubscriptionState> subscriptions(String instanceId, Caller caller);

  /**
   * Enables a subscription not managed by a spec, generating its verification secret when the scheme needs
   * one and it has none yet (read it once with {@link #revealSecret}).
   */
  SubscriptionOutcome enable(String instanceId, String subscription, Caller caller);

  /** Disables a subscription not managed by a spec; its deliveries are refused from now on. */
  SubscriptionOutcome disable(String instanceId, String subscription, Caller caller);

  /**
   * Hands out the current verification secret of an enabled subscription once (generating it if none exists),
   * to configure the provider with. A second call is refused ({@code already_revealed}): rotate instead.
   */
  SecretOutcome revealSecret(String instanceId, String subscription, Caller caller);

  /**
   * Generates a new verification secret and hands it out (once). The previous ones stay valid for {@code
   * grace} (zero: refused at once), so the provider can be switched over without losing deliveries.
   */
  SecretOutcome rotateSecret(String instanceId, String subscription, Duration grace, Caller caller);

  /**
   * Makes a secret the provider issued (Standard Webhooks' {@code whsec_...}, Stripe's signing secret, a secret
   * chosen for GitHub) the subscription's current verification secret, sealed like a generated one and never
   * shown again; the versions it replaces stay accepted for {@code grace}, as with {@link #rotateSecret}. The
   * caller keeps and wipes {@code secret}. Answers {@code Stored(version)}, or {@code Refused} with the codes of
   * {@link #revealSecret} and {@code invalid_secret} for a secret of the wrong form.
   */
  SecretOutcome importSecret(String instanceId, String subscription, char[] secret, Duration grace, Caller caller);

  /**
   * Registers {@code callback} with the provider through the type's subscription lifecycle (passing the
   * verification secret when the scheme has one) and remembers the provider's id and expiry.
   */
  SubscriptionOutcome subscribe(String instanceId, String subscription, URI callback, Caller caller);

  /** Extends the provider subscription before it lapses. */
  SubscriptionOutcome renew(String instanceId, String subscription, Caller caller);

  /** Removes the provider subscription and forgets it. */
  SubscriptionOutcome unsubscribe(String instanceId, String subscription, Caller caller);
}
