package io.cynodeai.connector.api.poll;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of one poll of an instance. Immutable.
 *
 * @param instanceId the instance
 * @param succeeded whether the poll ran and its events (if any) were delivered
 * @param delivered how many events the subscriber received
 * @param cursor the instance's stored cursor after the poll (null: none yet)
 * @param notes what the connector reported about the poll
 * @param errorCode why the poll failed ({@code policy_denied}, {@code instance_not_found}, {@code
 *     instance_not_active}, {@code polling_not_supported}, {@code polling_not_configured}, {@code timeout},
 *     {@code delivery_failed}, {@code poll_busy} (another engine node is polling the instance), {@code
 *     provider_quota_exhausted} (the provider's rate limit, from a poll or a call, has not reset yet), or the
 *     connector's own code, such as {@code provider_rate_limited}); null when it succeeded
 * @param message a human-readable reason for a failure; null when it succeeded
 */
public record PollReport(String instanceId, boolean succeeded, int delivered, @Nullable String cursor,
    List<String> notes, @Nullable String errorCode, @Nullable String message) {
  public PollReport {
    Objects.requireNonNull(instanceId, "instanceId");
    notes = List.copyOf(notes);
  }

  public static PollReport failed(String instanceId, @Nullable String cursor, String errorCode, String message) {
    return new PollReport(instanceId, false, 0, cursor, List.of(), errorCode, message);
  }
}
