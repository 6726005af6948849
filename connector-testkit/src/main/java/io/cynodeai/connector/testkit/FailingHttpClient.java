package io.cynodeai.connector.testkit;

import io.cynodeai.connector.spi.http.HttpClientBase;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** An HTTP client whose every request fails with the exception the supplier makes. Thread-safe. */
final class FailingHttpClient extends HttpClientBase {
  private final Supplier<IOException> failure;

  FailingHttpClient(Supplier<IOException> failure) {
    this.failure = failure;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    throw failure.get();
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    return CompletableFuture.failedFuture(failure.get());
  }
}
