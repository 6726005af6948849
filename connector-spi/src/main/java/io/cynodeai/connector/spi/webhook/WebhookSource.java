package io.cynodeai.connector.spi.webhook;

import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.RedactionRule;
import java.util.List;
import java.util.Optional;

/**
 * How a connector type receives webhooks (§11): the subscriptions it offers, the signature scheme the engine
 * verifies every delivery with (before the body is parsed), how a verified body becomes events, the
 * redaction applied to their data, and optionally the subscription lifecycle against the provider. Declare it
 * with {@link io.cynodeai.connector.spi.ConnectorType.Builder#webhooks(WebhookSource)}.
 *
 * <p>The engine owns the rest: the body size cap, the replay window on the signed timestamp (configurable,
 * 5 minutes by default), deduplication by {@link InboundEvent#id()}, the canonical event format, tenancy and
 * audit. A connector never sees a delivery that failed verification. Implementations must be thread-safe:
 * deliveries for different instances are parsed concurrently.
 */
public interface WebhookSource {

  /** The subscription names an instance of this type can enable ({@code interactions}, {@code outgoing}). */
  List<String> subscriptions();

  /** How deliveries are signed. */
  SignatureScheme signature();

  /**
   * Turns a verified delivery into events. Called on a handler thread (or the host's, when {@link
   * #interruptible()}), after verification, with the instance's config in the context (its credentials are not
   * leased: parsing needs none).
   *
   * @throws IllegalArgumentException (or any exception) when the body is malformed; the delivery is then
   *     rejected as {@code 400 malformed} and nothing is delivered
   */
  ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) throws Exception;

  /**
   * Whether {@link #parse} honours interruption: when interrupted it returns or throws promptly, whatever it is
   * doing. Such a source's deliveries are parsed on the host's own thread (the one calling {@code deliver}),
   * without a hand-off to a handler thread; a shared watchdog interrupts a parse at the parse timeout and the
   * delivery is answered {@code 503 parse_timeout} as soon as the parse gives up. A parse that is interrupted
   * and still runs on past the timeout is logged, and that source's deliveries are parsed on handler threads
   * from then on.
   *
   * <p>Default false: the engine cannot tell whether a parse stops when interrupted (a busy loop does not), and
   * only a handler thread lets it answer every delivery at the timeout whatever the parse does. A parse that
   * only reads the request (a JSON parse of a body the engine has already capped in size) can declare it true.
   */
  default boolean interruptible() {
    return false;
  }

  /** Pointers into each event's {@code data} whose values are replaced with {@code [REDACTED]}. */
  default List<RedactionRule> redactions() {
    return List.of();
  }

  /** The largest body this source accepts, in bytes (default 256 KiB); the engine's own cap applies too. */
  default int maxBodyBytes() {
    return 256 * 1024;
  }

  /** The subscription lifecycle against the provider, when it has a subscription API. */
  default Optional<SubscriptionLifecycle> lifecycle() {
    return Optional.empty();
  }
}
