package io.cynodeai.connector.reference.discord;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
  /** Longer reset hints are capped: no provider gets to park an instance for days. */
  static final Duration MAX_RESET = Duration.ofHours(1);

  private static final Pattern DECIMAL = Pattern.compile("\\d{1,7}(\\.\\d{1,6})?");
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_:-]{1,64}");
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private DiscordReplies() {}

  /** A rate-limit bucket this call used up, and when it resets. */
  record ExhaustedBucket(String bucket, Duration resetAfter) {}

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
    JsonNode error = parseQuietly(body);
    JsonNode code = error.path("code");
    String described = "HTTP " + status + " from " + what
        + (code.isIntegralNumber() ? " (Discord error " + code.asLong() + ")" : "");
    if (status == 429) {
      boolean global = error.path("global").asBoolean(false)
          || headers.firstValue("x-ratelimit-global").map("true"::equalsIgnoreCase).orElse(false);
      throw ProviderException.rateLimited(status, retryAfter(error, headers).orElse(null),
          described + (global ? ": the bot's global rate limit" : ": a per-route rate limit"));
    }
    if (status == 401) {
      throw ProviderException.authRejected(status, described + ": Discord rejected the bot token");
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

  /** The bucket a successful call left with no requests remaining, if it did and said when it resets. */
  static Optional<ExhaustedBucket> exhaustedBucket(HttpHeaders headers) {
    if (!headers.firstValue("x-ratelimit-remaining").map(String::trim).map("0"::equals).orElse(false)) {
      return Optional.empty();
    }
    String bucket = headers.firstValue("x-ratelimit-bucket").filter(b -> BUCKET.matcher(b).matches()).orElse("?");
    return seconds(headers.firstValue("x-ratelimit-reset-after").orElse(null))
        .map(reset -> new ExhaustedBucket(bucket, reset));
  }

  private static Optional<Duration> retryAfter(JsonNode error, HttpHeaders headers) {
    JsonNode body = error.path("retry_after");
    if (body.isNumber() && body.asDouble() >= 0) {
      return seconds(body.decimalValue().toPlainString());
    }
    return seconds(headers.firstValue("retry-after").orElse(null))
        .or(() -> seconds(headers.firstValue("x-ratelimit-reset-after").orElse(null)));
  }

  /** Fractional seconds ({@code 1.5}) as a duration, capped at {@link #MAX_RESET}; empty if malformed. */
  static Optional<Duration> seconds(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    if (text.length() > 16 || !DECIMAL.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration wait = Duration.ofMillis(new BigDecimal(text).movePointRight(3).setScale(0,
        java.math.RoundingMode.CEILING).longValueExact());
    return Optional.of(wait.compareTo(MAX_RESET) > 0 ? MAX_RESET : wait);
  }

  private static JsonNode parseQuietly(byte[] body) {
    try {
      JsonNode parsed = MAPPER.readTree(body);
      return parsed == null ? MAPPER.missingNode() : parsed;
    } catch (IOException | RuntimeException e) {
      return MAPPER.missingNode();
    }
  }

  private static ProviderException notJson(String what, int status, String why) {
    return ProviderException.permanentFailure("response_not_json", "HTTP " + status + " from " + what
        + ": the body is not Discord's JSON: " + why, null);
  }
}
