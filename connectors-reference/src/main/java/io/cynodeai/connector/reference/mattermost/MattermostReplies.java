package io.cynodeai.connector.reference.mattermost;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
  /** Longer reset hints are capped: no provider gets to park an instance for days. */
  static final Duration MAX_RESET = Duration.ofHours(1);

  private static final Pattern ERROR_ID = Pattern.compile("[a-z0-9_.]{1,128}");
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private MattermostReplies() {}

  /** Reads at most {@link #MAX_BODY_BYTES} of a body, or fails with {@code response_too_large}. */
  static byte[] readCapped(String what, int status, InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw ProviderException.permanentFailure("response_too_large", "HTTP " + status + " from " + what
          + ": the body exceeds " + MAX_BODY_BYTES + " bytes", null);
    }
    return bytes;
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
    if (status == 401) {
      throw ProviderException.authRejected(status, described + ": Mattermost rejected the token");
    }
    if (status >= 300 && status < 400) {
      throw ProviderException.status(status, described + ": redirects are not followed");
    }
    throw ProviderException.status(status, described);
  }

  /** The JSON body of a success; anything that is not JSON is a permanent {@code response_not_json}. */
  static JsonNode parseJson(String what, int status, HttpHeaders headers, byte[] body) {
    String type = headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw notJson(what, status, "its content type is not application/json");
    }
    try {
      JsonNode parsed = MAPPER.readTree(body);
      if (parsed == null || parsed.isMissingNode()) {
        throw notJson(what, status, "it is empty");
      }
      return parsed;
    } catch (JacksonException e) {
      throw notJson(what, status, "it is not valid JSON");
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }

  /** When the rate limit resets: {@code X-Ratelimit-Reset} seconds, else {@code Retry-After} seconds. */
  static Optional<Duration> reset(HttpHeaders headers) {
    return seconds(headers.firstValue("x-ratelimit-reset").orElse(null))
        .or(() -> seconds(headers.firstValue("retry-after").orElse(null)));
  }

  private static Optional<Duration> seconds(@Nullable String value) {
    if (value == null || value.isBlank() || !value.trim().chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    String digits = value.trim();
    Duration wait = digits.length() > 7 ? MAX_RESET : Duration.ofSeconds(Long.parseLong(digits));
    return Optional.of(wait.compareTo(MAX_RESET) > 0 ? MAX_RESET : wait);
  }

  private static Optional<String> errorId(byte[] body) {
    try {
      JsonNode id = MAPPER.readTree(body).path("id");
      return id.isTextual() && ERROR_ID.matcher(id.asText()).matches() ? Optional.of(id.asText()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ProviderException notJson(String what, int status, String why) {
    return ProviderException.permanentFailure("response_not_json", "HTTP " + status + " from " + what
        + ": the body is not Mattermost's JSON: " + why, null);
  }
}
