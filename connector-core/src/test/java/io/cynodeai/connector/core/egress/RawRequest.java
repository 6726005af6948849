package io.cynodeai.connector.core.egress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GET request built without {@link HttpRequest#newBuilder}'s checks, as a hostile connector could build
 * one: the guard must not rely on the JDK builder having refused odd URIs.
 */
public final class RawRequest extends HttpRequest {
  private final URI uri;
  private final Map<String, List<String>> headers;

  public RawRequest(URI uri) {
    this(uri, Map.of());
  }

  public RawRequest(URI uri, Map<String, List<String>> headers) {
    this.uri = uri;
    this.headers = headers;
  }

  @Override
  public Optional<BodyPublisher> bodyPublisher() {
    return Optional.empty();
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.empty();
  }

  @Override
  public boolean expectContinue() {
    return false;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public Optional<HttpClient.Version> version() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return HttpHeaders.of(headers, (k, v) -> true);
  }
}
