package io.cynodeai.connector.core.egress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A GET request built without {@link HttpRequest#newBuilder}'s checks, as a hostile connector could build
 * one: the guard must not rely on the JDK builder having refused odd URIs.
 */
final class RawRequest extends HttpRequest {
  private final URI uri;

  RawRequest(URI uri) {
    this.uri = uri;
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
    return HttpHeaders.of(Map.of(), (k, v) -> true);
  }
}
