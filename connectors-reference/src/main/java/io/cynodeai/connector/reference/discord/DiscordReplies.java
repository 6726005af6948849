package io.cynodeai.connector.reference.discord;

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
 * Classifies Discord's answers (§5.1). Discord reports errors as {@code {"message", "code"}}; only the numeric
 * JSON error {@code code} (such as {@code 10003}, unknown channel) is quoted in failure messages.
 *
 * <ul>
 *   <li>2xx: the body must be JSON, at most {@link #MAX_BODY_BYTES};
 *   <li>401: the bot token was rejected (the engine marks the instance {@code credential_expired});
 *   <li>429: rate limited for the body's {@code retry_after} (seconds, fractional), else {@code Retry-After},
 *       else {@code X-RateLimit-Reset-After}; the message says whether the limit is global;
 *   <li>403, 404 and other 4xx: permanent; 5xx: transient, by the operations' retryable statuses.
 * </ul>
 *
 * {@link #exhaustedBucket} reads the per-bucket headers of a success ({@code X-RateLimit-Bucket},
 * {@code -Remaining}, {@code -Reset-After}).
 */
final class DiscordReplies {
  /** The largest body read: 100 messages of 2,000 characters with their embeds fit with room to spare. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_:-]{1,64}");

  private DiscordReplies() {}

  /** A rate-limit bucket this call used up, and when it resets. */
  record ExhaustedBucket(String bucket, Duration resetAfter) {}

  static byte[] readCapped(String what, int status, InputStream body) throws IOException {
    return JsonReplies.readCapped(what, status, body, MAX_BODY_BYTES);
  }

  /** Throws the classified failure for a status that is not a success. */
  static void checkStatus(String what, int status, HttpHeaders headers, byte[] body) {
    if (status >= 200 && status < 300) {
      return;
    }
    JsonNode error = JsonReplies.parseQuietly(body);
    JsonNode code = error.path("code");
    String described = "HTTP " + status + " from " + what
        + (code.isIntegralNumber() ? " (Discord error " + code.asLong() + ")" : "");
    if (status == 429) {
      boolean global = error.path("global").asBoolean(false)
          || headers.firstValue("x-ratelimit-global").map("true"::equalsIgnoreCase).orElse(false);
      throw ProviderException.rateLimited(status, retryAfter(error, headers).orElse(null),
          described + (global ? ": the bot's global rate limit" : ": a per-route rate limit"));
    }
    throw JsonReplies.refusal(status, described, "Discord rejected the bot token");
  }

  /** The JSON body of a success; anything that is not JSON is a permanent {@code response_not_json}. */
  static JsonNode parseJson(String what, int status, HttpHeaders headers, byte[] body) {
    return JsonReplies.parseJson(what, status, headers, body, "Discord");
  }

  /** The bucket a successful call left with no requests remaining, if it did and said when it resets. */
  static Optional<ExhaustedBucket> exhaustedBucket(HttpHeaders headers) {
    if (!headers.firstValue("x-ratelimit-remaining").map(String::trim).map("0"::equals).orElse(false)) {
      return Optional.empty();
    }
    String bucket = headers.firstValue("x-ratelimit-bucket").filter(b -> BUCKET.matcher(b).matches()).orElse("?");
    return JsonReplies.seconds(headers.firstValue("x-ratelimit-reset-after").orElse(null))
        .map(reset -> new ExhaustedBucket(bucket, reset));
  }

  private static Optional<Duration> retryAfter(JsonNode error, HttpHeaders headers) {
    JsonNode body = error.path("retry_after");
    if (body.isNumber() && body.asDouble() >= 0) {
      return JsonReplies.seconds(body.decimalValue().toPlainString());
    }
    return JsonReplies.seconds(headers.firstValue("retry-after").orElse(null))
        .or(() -> JsonReplies.seconds(headers.firstValue("x-ratelimit-reset-after").orElse(null)));
  }
}
