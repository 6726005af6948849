package io.cynodeai.connector.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One answer the certification's stub provider gives to every request: a status, headers and a body. Build it
 * with {@link #status(int)}; immutable, so thread-safe.
 *
 * <pre>{@code
 * ProviderAnswer.status(429).retryAfterSeconds(7).json("{\"error\":\"slow down\"}")
 * ProviderAnswer.status(503).retryAfterDate(Duration.ofSeconds(30))
 * }</pre>
 */
public final class ProviderAnswer {
  private final int status;
  private final Map<String, String> headers;
  private final String body;
  private final @Nullable Duration retryAfter;
  private final boolean retryAfterAsDate;

  private ProviderAnswer(int status, Map<String, String> headers, String body, @Nullable Duration retryAfter,
      boolean retryAfterAsDate) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.retryAfter = retryAfter;
    this.retryAfterAsDate = retryAfterAsDate;
  }

  /**
   * An answer with this HTTP status, no headers and an empty JSON object as its body.
   *
   * @throws IllegalArgumentException if the status is not in 100..599
   */
  public static ProviderAnswer status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("an HTTP status is in 100..599, was " + status);
    }
    return new ProviderAnswer(status, Map.of(), "{}", null, false);
  }

  /** This answer with a JSON body ({@code Content-Type: application/json}). */
  public ProviderAnswer json(String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", "application/json");
    return new ProviderAnswer(status, h, Objects.requireNonNull(value, "value"), retryAfter, retryAfterAsDate);
  }

  /** This answer with one more header (a later value for the same name replaces the earlier). */
  public ProviderAnswer header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new ProviderAnswer(status, h, body, retryAfter, retryAfterAsDate);
  }

  /** This answer with {@code Retry-After: <seconds>}; the failure is then expected to carry that delay. */
  public ProviderAnswer retryAfterSeconds(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("Retry-After seconds must be >= 0, was " + seconds);
    }
    return new ProviderAnswer(status, headers, body, Duration.ofSeconds(seconds), false);
  }

  /**
   * This answer with {@code Retry-After} as an HTTP date {@code delay} from the moment it is sent; the failure
   * is then expected to carry about that delay (the date has whole seconds: within 2 s less, 1 s more).
   */
  public ProviderAnswer retryAfterDate(Duration delay) {
    if (Objects.requireNonNull(delay, "delay").isNegative()) {
      throw new IllegalArgumentException("a Retry-After date lies ahead, was " + delay + " from now");
    }
    return new ProviderAnswer(status, headers, body, delay, true);
  }

  public int statusCode() {
    return status;
  }

  public String body() {
    return body;
  }

  /** The delay the Retry-After header asks for, if this answer has one. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** The headers to send at {@code now}, Retry-After included. */
  Map<String, String> headersAt(Instant now) {
    if (retryAfter == null) {
      return headers;
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Retry-After", retryAfterAsDate
        ? DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plus(retryAfter).truncatedTo(ChronoUnit.SECONDS)
            .atOffset(ZoneOffset.UTC))
        : Long.toString(retryAfter.toSeconds()));
    return h;
  }

  /** {@code 429 (Retry-After: 7 s)} or {@code 503 (Retry-After: HTTP date 30 s ahead)}, for check names. */
  @Override
  public String toString() {
    if (retryAfter == null) {
      return Integer.toString(status);
    }
    return status + " (Retry-After: " + (retryAfterAsDate ? "HTTP date " + retryAfter.toSeconds() + " s ahead"
        : retryAfter.toSeconds() + " s") + ")";
  }
}
