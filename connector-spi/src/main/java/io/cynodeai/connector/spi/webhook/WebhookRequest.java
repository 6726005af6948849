package io.cynodeai.connector.spi.webhook;

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

  public byte[] body() {
    return body.clone();
  }

  public Instant receivedAt() {
    return receivedAt;
  }
}
