package io.cynodeai.connector.core.internal.egress;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request and response on a socket the guard opened: {@code Connection: close}, no pooling, no
 * compression, no redirects. Responses are read with {@code Content-Length}, chunked transfer coding or until
 * the server closes, and capped in size. Not thread-safe; one instance per exchange.
 */
final class Http11Exchange {
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final java.util.Set<String> RESTRICTED =
      java.util.Set.of("host", "content-length", "connection", "transfer-encoding", "upgrade", "expect");

  /** The parts of a response the client needs. */
  record Response(int status, HttpHeaders headers, byte[] body) {}

  private final Socket socket;
  private final long maxBodyBytes;

  Http11Exchange(Socket socket, long maxBodyBytes) {
    this.socket = socket;
    this.maxBodyBytes = maxBodyBytes;
  }

  Response run(HttpRequest request, PinnedTarget target, byte[] body) throws IOException {
    OutputStream out = new BufferedOutputStream(socket.getOutputStream());
    out.write(head(request, target, body.length).getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    InputStream in = new BufferedInputStream(socket.getInputStream());
    int status;
    HttpHeaders headers;
    do {
      status = statusCode(readLine(in));
      headers = readHeaders(in);
    } while (status >= 100 && status < 200);
    boolean bodiless = request.method().equals("HEAD") || status == 204 || status == 304;
    return new Response(status, headers, bodiless ? new byte[0] : readBody(in, headers));
  }

  private static String head(HttpRequest request, PinnedTarget target, int bodyLength) throws ProtocolException {
    requireToken(request.method(), "method");
    URI uri = request.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    StringBuilder head = new StringBuilder(request.method()).append(' ').append(path).append(query)
        .append(" HTTP/1.1\r\nHost: ").append(target.host());
    int defaultPort = target.tls() ? 443 : 80;
    if (target.port() != defaultPort) {
      head.append(':').append(target.port());
    }
    head.append("\r\n");
    boolean userAgent = false;
    for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
      requireToken(header.getKey(), "header name");
      if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue; // the exchange sets these itself
      }
      userAgent |= header.getKey().equalsIgnoreCase("user-agent");
      for (String value : header.getValue()) {
        requireFieldValue(value);
        head.append(header.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    if (!userAgent) {
      head.append("User-Agent: cynodeai-connector\r\n");
    }
    if (bodyLength > 0 || !List.of("GET", "HEAD", "DELETE", "OPTIONS").contains(request.method())) {
      head.append("Content-Length: ").append(bodyLength).append("\r\n");
    }
    return head.append("Connection: close\r\n\r\n").toString();
  }

  /**
   * The JDK's request builder already refuses these, but a connector may implement {@link HttpRequest}
   * itself: without the checks it could smuggle a second request (CR/LF) to the pinned host.
   */
  private static void requireToken(String text, String what) throws ProtocolException {
    if (text.isEmpty() || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
      throw new ProtocolException("request " + what + " is not an HTTP token");
    }
  }

  private static void requireFieldValue(String value) throws ProtocolException {
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new ProtocolException("request header value contains CR, LF or NUL");
    }
  }

  private static int statusCode(String line) throws ProtocolException {
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new ProtocolException("malformed HTTP status line");
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new ProtocolException("malformed HTTP status code");
    }
  }

  private static HttpHeaders readHeaders(InputStream in) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int count = 0; ; count++) {
      String line = readLine(in);
      if (line.isEmpty()) {
        return HttpHeaders.of(headers, (name, value) -> true);
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || count >= MAX_HEADERS) {
        throw new ProtocolException("malformed or too many HTTP response headers");
      }
      headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
  }

  private byte[] readBody(InputStream in, HttpHeaders headers) throws IOException {
    String coding = headers.firstValue("transfer-encoding").orElse("").toLowerCase(Locale.ROOT);
    if (coding.contains("chunked")) {
      return readChunked(in);
    }
    var length = headers.firstValueAsLong("content-length");
    if (length.isPresent()) {
      if (length.getAsLong() < 0 || length.getAsLong() > maxBodyBytes) {
        throw new ProtocolException("response body of " + length.getAsLong() + " bytes exceeds the cap of "
            + maxBodyBytes);
      }
      byte[] body = in.readNBytes((int) length.getAsLong());
      if (body.length != length.getAsLong()) {
        throw new ProtocolException("connection closed before the response body was complete");
      }
      return body;
    }
    return readCapped(in, maxBodyBytes);
  }

  private byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed chunk size");
      }
      if (size < 0 || body.size() + size > maxBodyBytes) {
        throw new ProtocolException("response body exceeds the cap of " + maxBodyBytes + " bytes");
      }
      if (size == 0) {
        readHeaders(in); // trailers
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length != size || !readLine(in).isEmpty()) {
        throw new ProtocolException("malformed or truncated chunk");
      }
      body.write(chunk);
    }
  }

  private static byte[] readCapped(InputStream in, long cap) throws IOException {
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
    if (body.length > cap) {
      throw new ProtocolException("response body exceeds the cap of " + cap + " bytes");
    }
    return body;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new ProtocolException("connection closed in the middle of the response head");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new ProtocolException("HTTP response line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }
}
