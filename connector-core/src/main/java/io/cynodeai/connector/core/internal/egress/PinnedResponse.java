package io.cynodeai.connector.core.internal.egress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A response received by {@link PinnedHttpClient}. Immutable. */
record PinnedResponse<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body,
    Optional<SSLSession> sslSession) implements HttpResponse<T> {

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public URI uri() {
    return request.uri();
  }

  @Override
  public HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }
}
