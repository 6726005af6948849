package io.cynodeai.connector.api.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the host's server received it on a webhook endpoint: its headers (names in any case),
 * its raw body, unparsed, and when it arrived. Read at most {@link WebhookService#maxBodyBytes()} + 1 bytes of
 * a body, so an oversized one is refused without being buffered whole. Immutable; the body is copied.
 */
public final class WebhookDelivery {
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Instant receivedAt;

  public WebhookDelivery(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "header name"), List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(copy);
    this.body = body.clone();
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** The body's length, without copying it. */
  public int bodyLength() {
    return body.length;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  @Override
  public String toString() {
    return "WebhookDelivery[" + body.length + " bytes, " + headers.size() + " headers, at " + receivedAt + "]";
  }
}
