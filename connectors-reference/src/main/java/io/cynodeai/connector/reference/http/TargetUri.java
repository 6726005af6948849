package io.cynodeai.connector.reference.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Builds the URI of a call: the base URL's scheme, host, port and path, then the call's path, then the
 * encoded query. The request schema already refuses paths that could escape the base URL ({@code //}, dot
 * segments, encoded separators); the checks here hold the same line for any caller that bypasses it.
 */
final class TargetUri {
  private TargetUri() {}

  /**
   * The URI of {@code path} below {@code baseUrl}, with {@code query} percent-encoded in its order.
   *
   * @throws IllegalArgumentException if the path is not a plain absolute path, or the result would leave the
   *     base URL
   */
  static URI resolve(URI baseUrl, String path, Map<String, String> query) {
    if (!path.startsWith("/") || path.contains("//") || hasDotSegment(path) || hasEncodedSeparator(path)
        || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      throw new IllegalArgumentException("path must be an absolute path without '//', dot segments, encoded"
          + " separators, query or fragment");
    }
    String basePath = stripTrailingSlash(baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath());
    String text = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + basePath + path
        + (query.isEmpty() ? "" : "?" + encode(query));
    URI target = URI.create(text);
    if (!target.getScheme().equals(baseUrl.getScheme())
        || !target.getRawAuthority().equals(baseUrl.getRawAuthority())
        || !target.getRawPath().startsWith(basePath + "/")) {
      throw new IllegalArgumentException("path leaves the base URL");
    }
    return target;
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** An encoded '.', '/' or '\' that a server might decode into a traversal. */
  private static boolean hasEncodedSeparator(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c");
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** RFC 3986 query encoding: like a form, but a space is {@code %20}, not {@code +}. */
  private static String encode(Map<String, String> query) {
    StringJoiner joined = new StringJoiner("&");
    query.forEach((name, value) -> joined.add(component(name) + "=" + component(value)));
    return joined.toString();
  }

  private static String component(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
