package io.cynodeai.connector.spi.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A delivery whose signature and timestamp the engine has already verified, as a connector's {@link
 * WebhookSource#parse} sees it: the headers (names lower-cased), the raw body and when the host received it.
 * Immutable; {@link #body()} returns a copy.
 */
public final class WebhookRequest {
  /** Fails on trailing tokens, so a body of two documents is not read as its first one. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Instant receivedAt;

  public WebhookRequest(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v),
        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
    this.headers = java.util.Collections.unmodifiableMap(lower);
    this.body = body.clone();
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** Every header, by lower-cased name. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header (name matched case-insensitively). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A copy of the raw body. */
  public byte[] body() {
    return body.clone();
  }

  /** The raw body as a stream, without copying it. */
  public InputStream bodyStream() {
    return new ByteArrayInputStream(body);
  }

  /**
   * The body parsed as JSON (UTF-8, UTF-16 or UTF-32, as JSON allows), without copying it first.
   *
   * @throws IllegalArgumentException when the body is not one JSON document; the engine then refuses the
   *     delivery as {@code 400 malformed}
   */
  public JsonNode bodyJson() {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("the body is empty");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON", e);
    }
  }

  public Instant receivedAt() {
    return receivedAt;
  }
}
