package io.cynodeai.connector.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a delivery ended, with the HTTP status the host should answer the provider with ({@link #httpStatus()}).
 * Nothing in a result quotes the body, a header value or a secret. Immutable.
 */
public sealed interface WebhookResult {

  /** The status to answer with. */
  int httpStatus();

  /**
   * Verified, parsed, and its new events handed to the subscriber (200). {@code reply} is the JSON body the
   * provider expects, or null for an empty answer.
   */
  record Accepted(List<CanonicalEvent> events, int duplicates, @Nullable JsonNode reply) implements WebhookResult {
    public Accepted {
      events = List.copyOf(events);
      reply = reply == null ? null : reply.deepCopy();
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * Verified, but every event in it was delivered before (or is being delivered now): nothing was handed to
   * the subscriber. Answered 200, so the provider stops redelivering.
   */
  record Duplicate(List<String> eventIds, @Nullable JsonNode reply) implements WebhookResult {
    public Duplicate {
      eventIds = List.copyOf(eventIds);
      reply = reply == null ? null : reply.deepCopy();
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * Refused, nothing delivered. Codes and statuses: {@code payload_too_large} 413, {@code not_found} 404 (an
   * unknown, deleted or inactive instance, or a subscription that is unknown or not enabled: one answer, so a
   * caller cannot tell them apart), {@code signature_missing} / {@code signature_invalid} /
   * {@code timestamp_outside_window} 401, {@code malformed} 400, {@code delivery_failed} 500 (the subscriber
   * threw; the provider should retry), {@code store_unavailable} 503.
   */
  record Rejected(int httpStatus, String code, String message) implements WebhookResult {
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
