package io.cynodeai.connector.core.internal.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Moves bodies between the JDK's reactive body publishers/subscribers and byte arrays. */
final class BodyBridge {
  private BodyBridge() {}

  /** The request body's bytes (empty when there is none). */
  static byte[] collect(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
    if (request.bodyPublisher().isEmpty()) {
      return new byte[0];
    }
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        done.complete(bytes.toByteArray());
      }
    });
    return await(done, timeout, "request body");
  }

  /** Hands the response body to the connector's body handler and returns what it made of it. */
  static <T> T deliver(HttpResponse.BodyHandler<T> handler, Http11Exchange.Response response, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
      @Override
      public int statusCode() {
        return response.status();
      }

      @Override
      public HttpHeaders headers() {
        return response.headers();
      }

      @Override
      public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
      }
    };
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    AtomicBoolean delivered = new AtomicBoolean();
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        if (n > 0 && delivered.compareAndSet(false, true)) {
          if (response.body().length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(response.body()).asReadOnlyBuffer()));
          }
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        delivered.set(true);
      }
    });
    return await(subscriber.getBody().toCompletableFuture(), timeout, "response body");
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout, String what)
      throws IOException, InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new java.net.http.HttpTimeoutException(what + " not complete within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(what + " failed", e.getCause());
    }
  }
}
