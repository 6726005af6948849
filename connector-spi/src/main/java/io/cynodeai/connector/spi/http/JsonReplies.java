package io.cynodeai.connector.spi.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What every connector of a JSON-over-HTTP API does with an answer, classified the engine's way (§5.1): read
 * the body up to a cap, parse a success as JSON, turn a refusal into the right {@link ProviderException} and
 * read rate-limit hints. {@code what} names the request in messages ({@code "POST /api/v4/posts"}); messages
 * never quote a body, which may repeat user data or secrets. Stateless and thread-safe.
 */
public final class JsonReplies {
  /** Longer reset hints are capped: no provider gets to park an instance for days. */
  public static final Duration MAX_RESET = Duration.ofHours(1);

  private static final Pattern SECONDS = Pattern.compile("\\d{1,16}(\\.\\d{1,6})?");
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonReplies() {}

  /**
   * Reads at most {@code maxBytes} of a body.
   *
   * @throws ProviderException permanent {@code response_too_large} if the body is longer
   */
  public static byte[] readCapped(String what, int status, InputStream body, int maxBytes) throws IOException {
    byte[] bytes = body.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw ProviderException.permanentFailure("response_too_large", "HTTP " + status + " from " + what
          + ": the body exceeds " + maxBytes + " bytes", null);
    }
    return bytes;
  }

  /**
   * The JSON body of a success.
   *
   * @param provider the API's name for messages ({@code "Mattermost"})
   * @throws ProviderException permanent {@code response_not_json} if the content type is not JSON, or the body
   *     is empty or not one valid JSON value
   */
  public static JsonNode parseJson(String what, int status, HttpHeaders headers, byte[] body, String provider) {
    String type = headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw notJson(what, status, provider, "its content type is not application/json");
    }
    try {
      JsonNode parsed = MAPPER.readTree(body);
      if (parsed == null || parsed.isMissingNode()) {
        throw notJson(what, status, provider, "it is empty");
      }
      return parsed;
    } catch (JacksonException e) {
      throw notJson(what, status, provider, "it is not valid JSON");
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }

  /** A body parsed as JSON if it is JSON (an error document, say), else a missing node; never throws. */
  public static JsonNode parseQuietly(byte[] body) {
    try {
      JsonNode parsed = MAPPER.readTree(body);
      return parsed == null ? MAPPER.missingNode() : parsed;
    } catch (IOException | RuntimeException e) {
      return MAPPER.missingNode();
    }
  }

  /**
   * The failure for a refusal other than a rate limit (which carries provider-specific hints): 401 rejects the
   * credentials ({@code rejected} says whose), a redirect is not followed, anything else is classified by its
   * status (4xx permanent, 5xx by the operation's retryable statuses).
   *
   * @param described what happened, without any body text ({@code "HTTP 403 from GET /x (error 50001)"})
   */
  public static ProviderException refusal(int status, String described, String rejected) {
    if (status == 401) {
      return ProviderException.authRejected(status, described + ": " + rejected);
    }
    if (status >= 300 && status < 400) {
      return ProviderException.status(status, described + ": redirects are not followed");
    }
    return ProviderException.status(status, described);
  }

  /**
   * A delay given in seconds ({@code 30}, or fractional as in {@code 1.5}), rounded up to the millisecond and
   * capped at {@link #MAX_RESET}; empty if absent or malformed (negative, not a number, an HTTP date).
   */
  public static Optional<Duration> seconds(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    if (!SECONDS.matcher(text).matches()) {
      return Optional.empty();
    }
    BigDecimal millis = new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.CEILING);
    return Optional.of(millis.compareTo(BigDecimal.valueOf(MAX_RESET.toMillis())) > 0 ? MAX_RESET
        : Duration.ofMillis(millis.longValueExact()));
  }

  private static ProviderException notJson(String what, int status, String provider, String why) {
    return ProviderException.permanentFailure("response_not_json", "HTTP " + status + " from " + what
        + ": the body is not " + provider + "'s JSON: " + why, null);
  }
}
