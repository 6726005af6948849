package io.cynodeai.connector.api.poll;

import io.cynodeai.connector.api.Failed;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of one poll of an instance: {@link Delivered} (the poll ran and its events, if any, reached the
 * subscriber) or {@link NotDelivered} (it was refused or failed, with a classified {@link Failed}). Immutable.
 *
 * <p>The accessors common to both ({@link #succeeded()}, {@link #delivered()}, {@link #errorCode()}, {@link
 * #message()}) let a host read a report without matching on it.
 */
public sealed interface PollReport {

  /** The instance polled (or asked for). */
  String instanceId();

  /** The instance's stored cursor after the poll (null: none yet). */
  @Nullable String cursor();

  /** What the connector reported about the poll. */
  List<String> notes();

  /** Whether the poll ran and its events were delivered. */
  default boolean succeeded() {
    return this instanceof Delivered;
  }

  /** How many events the subscriber received. */
  default int delivered() {
    return this instanceof Delivered d ? d.events() : 0;
  }

  /**
   * Why the poll was not delivered, or null: {@code policy_denied}, {@code instance_not_found}, {@code
   * instance_not_active}, {@code not_approved}, {@code type_retired}, {@code feature_disabled}, {@code
   * circuit_open}, {@code polling_not_supported}, {@code polling_not_configured}, {@code timeout}, {@code
   * egress_denied}, {@code delivery_failed}, {@code poll_busy} (another engine node is polling the instance),
   * {@code provider_quota_exhausted} (the provider's rate limit has not reset yet), or the connector's own code,
   * such as {@code provider_rate_limited}.
   */
  default @Nullable String errorCode() {
    return this instanceof NotDelivered n ? n.failure().code() : null;
  }

  /** A human-readable reason for a failure; null when the poll succeeded. */
  default @Nullable String message() {
    return this instanceof NotDelivered n ? n.failure().message() : null;
  }

  /**
   * The poll ran and the subscriber accepted its {@code events} events; {@code cursor} is the one stored now.
   */
  record Delivered(String instanceId, int events, @Nullable String cursor, List<String> notes)
      implements PollReport {
    public Delivered {
      Objects.requireNonNull(instanceId, "instanceId");
      notes = List.copyOf(notes);
      if (events < 0) {
        throw new IllegalArgumentException("events must be >= 0");
      }
    }
  }

  /** The poll was refused, failed, or its events were not accepted; the cursor was kept. */
  record NotDelivered(String instanceId, @Nullable String cursor, List<String> notes, Failed failure)
      implements PollReport {
    public NotDelivered {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(failure, "failure");
      notes = List.copyOf(notes);
    }
  }

  /** A poll that was not delivered, with no notes. */
  static PollReport failed(String instanceId, @Nullable String cursor, Failed failure) {
    return new NotDelivered(instanceId, cursor, List.of(), failure);
  }
}
