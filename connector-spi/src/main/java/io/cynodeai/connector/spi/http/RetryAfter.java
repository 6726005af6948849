package io.cynodeai.connector.spi.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds ({@code 120}) or an HTTP-date ({@code
 * Wed, 21 Oct 2015 07:28:00 GMT}). A value that is neither is ignored, so the engine falls back to its
 * backoff; a date in the past means "now". For a connector's rate-limit and unavailability mapping: {@code
 * ProviderException.rateLimited(status, RetryAfter.parse(header, context.clock().instant()).orElse(null), ..)}.
 * Stateless and thread-safe.
 */
public final class RetryAfter {
  /** Longer hints are capped: no provider gets to park a call for days. */
  public static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /** The delay {@code header} asks for at {@code now}, if it is well-formed. */
  public static Optional<Duration> parse(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(value.length() > 7 ? MAX : min(Duration.ofSeconds(Long.parseLong(value)), MAX));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait, MAX));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
