package io.cynodeai.connector.spi.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds a request URL from an instance's base URL, path segments and query parameters, percent-encoding each
 * piece (RFC 3986: everything but letters, digits and {@code - . _ ~}), so a value taken from a caller's input
 * can never add a segment, a parameter or a fragment. Not thread-safe; a new builder per URL.
 *
 * <pre>{@code
 * URI uri = UrlBuilder.of(ctx.config().get("baseUrl").asText())
 *     .path("v1", "stations", input.get("station").asText()).query("units", "metric").build();
 * // https://api.example.org/v1/stations/K%2FSEA?units=metric
 * }</pre>
 */
public final class UrlBuilder {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private final StringBuilder url;
  private boolean hasQuery;

  private UrlBuilder(String base) {
    this.url = new StringBuilder(base);
  }

  /**
   * Starts from {@code baseUrl}, an absolute {@code http} or {@code https} URL without query or fragment (a
   * trailing {@code /} is dropped; a base path such as {@code /api} is kept).
   *
   * @throws IllegalArgumentException if it is not such a URL
   */
  public static UrlBuilder of(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    URI base;
    try {
      base = new URI(baseUrl);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getReason());
    }
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
      throw new IllegalArgumentException("the base URL must be an absolute http(s) URL with a host");
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException("the base URL must have no query or fragment");
    }
    String text = baseUrl;
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return new UrlBuilder(text);
  }

  /**
   * Appends each segment, encoded, after a {@code /}.
   *
   * @throws IllegalStateException if a query parameter was added already
   * @throws IllegalArgumentException if a segment is empty, {@code .} or {@code ..}
   */
  public UrlBuilder path(String... segments) {
    if (hasQuery) {
      throw new IllegalStateException("path segments come before query parameters");
    }
    for (String segment : segments) {
      Objects.requireNonNull(segment, "segment");
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("a path segment must not be empty, '.' or '..'");
      }
      url.append('/').append(encode(segment));
    }
    return this;
  }

  /** Appends {@code name=value}, both encoded; a null value adds nothing (an optional parameter left out). */
  public UrlBuilder query(String name, @Nullable Object value) {
    Objects.requireNonNull(name, "name");
    if (value != null) {
      url.append(hasQuery ? '&' : '?').append(encode(name)).append('=').append(encode(String.valueOf(value)));
      hasQuery = true;
    }
    return this;
  }

  /** The URL. */
  public URI build() {
    return URI.create(url.toString());
  }

  @Override
  public String toString() {
    return url.toString();
  }

  /** {@code value} percent-encoded as UTF-8, every byte but RFC 3986's unreserved characters. */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
