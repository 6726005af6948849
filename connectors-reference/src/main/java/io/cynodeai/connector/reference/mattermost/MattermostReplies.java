package io.cynodeai.connector.reference.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.http.JsonReplies;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies Mattermost's answers (§5.1). Mattermost reports errors as {@code {"id", "message",
 * "detailed_error", "request_id", "status_code"}}; only the stable error {@code id} (such as {@code
 * api.context.permissions.app_error}) is quoted in failure messages, never the message text, which may
 * repeat user data.
 *
 * <ul>
 *   <li>2xx: the body must be JSON, at most {@link #MAX_BODY_BYTES}; anything else is permanent
 *       {@code response_not_json} or {@code response_too_large};
 *   <li>401: the token was rejected (the engine marks the instance {@code credential_expired});
 *   <li>429: rate limited until {@code X-Ratelimit-Reset} (seconds until the limit resets, in Mattermost),
 *       else {@code Retry-After} (seconds);
 *   <li>403, 404 and other 4xx: permanent; 5xx: transient, by the operations' retryable statuses.
 * </ul>
 */
final class MattermostReplies {
  /** The largest body read: a channel page of 200 posts of 16,383 characters fits with room to spare. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private static final Pattern ERROR_ID = Pattern.compile("[a-z0-9_.]{1,128}");

  private MattermostReplies() {}

  /** Reads at most {@link #MAX_BODY_BYTES} of a body, or fails with {@code response_too_large}. */
  static byte[] readCapped(String what, int status, InputStream body) throws IOException {
    return JsonReplies.readCapped(what, status, body, MAX_BODY_BYTES);
  }

  /** Throws the classified failure for a status that is not a success. */
  static void checkStatus(String what, int status, HttpHeaders headers, byte[] body) {
    if (status >= 200 && status < 300) {
      return;
    }
    String described = "HTTP " + status + " from " + what + errorId(body).map(id -> " (" + id + ")").orElse("");
    if (status == 429) {
      throw ProviderException.rateLimited(status, reset(headers).orElse(null), described);
    }
    throw JsonReplies.refusal(status, described, "Mattermost rejected the token");
  }

  /** The JSON body of a success; anything that is not JSON is a permanent {@code response_not_json}. */
  static JsonNode parseJson(String what, int status, HttpHeaders headers, byte[] body) {
    return JsonReplies.parseJson(what, status, headers, body, "Mattermost");
  }

  /** When the rate limit resets: {@code X-Ratelimit-Reset} seconds, else {@code Retry-After} seconds. */
  static Optional<Duration> reset(HttpHeaders headers) {
    return JsonReplies.seconds(headers.firstValue("x-ratelimit-reset").orElse(null))
        .or(() -> JsonReplies.seconds(headers.firstValue("retry-after").orElse(null)));
  }

  private static Optional<String> errorId(byte[] body) {
    JsonNode id = JsonReplies.parseQuietly(body).path("id");
    return id.isTextual() && ERROR_ID.matcher(id.asText()).matches() ? Optional.of(id.asText()) : Optional.empty();
  }
}
