package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.spi.http.HttpClientBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * The child's HTTP client (REQ-EGRESS-007): it opens no connection; each request goes over the channel to the
 * parent, which sends it through the host's guarded network access (egress allowlist, address checks, TLS) and
 * returns the response, capped. Redirects are not followed. Thread-safe: exchanges are serialized on the channel.
 */
final class ForwardingHttpClient extends HttpClientBase {
  private static final int MAX_REQUEST_BODY = 4 * 1024 * 1024;
  private final ChildChannel channel;

  ForwardingHttpClient(ChildChannel channel) {
    this.channel = channel;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    ObjectNode msg = Messages.of("http");
    msg.put("method", request.method());
    msg.put("uri", request.uri().toString());
    ObjectNode headers = msg.putObject("headers");
    request.headers().map().forEach((name, values) -> {
      ArrayNode a = headers.putArray(name);
      values.forEach(a::add);
    });
    request.timeout().ifPresent(t -> msg.put("timeoutMillis", t.toMillis()));
    byte[] body = body(request);
    msg.put("body", Base64.getEncoder().encodeToString(body));
    char[] line = channel.request(msg);
    JsonNode reply;
    try {
      reply = ChildChannel.parse(line);
    } finally {
      Arrays.fill(line, '\0');
    }
    if (reply.path("type").asText().equals("http_failure")) {
      if (reply.path("timeout").asBoolean()) {
        throw new HttpTimeoutException(reply.path("message").asText());
      }
      throw new ForwardedHttpException(reply.path("message").asText());
    }
    Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    reply.path("headers").fields().forEachRemaining(e -> {
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      responseHeaders.put(e.getKey(), values);
    });
    int status = reply.path("status").asInt();
    HttpHeaders hh = HttpHeaders.of(responseHeaders, (a, b) -> true);
    byte[] responseBody = Base64.getDecoder().decode(reply.path("body").asText(""));
    HttpResponse.ResponseInfo info = new Info(status, hh);
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    });
    if (responseBody.length > 0) {
      subscriber.onNext(List.of(ByteBuffer.wrap(responseBody)));
    }
    subscriber.onComplete();
    try {
      T value = subscriber.getBody().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new Response<>(request, status, hh, value);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the response body could not be read", e);
    }
  }

  private static byte[] body(HttpRequest request) throws IOException, InterruptedException {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.get().subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        if (out.size() + item.remaining() > MAX_REQUEST_BODY) {
          done.completeExceptionally(new IOException("the request body exceeds " + MAX_REQUEST_BODY + " bytes"));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        out.writeBytes(chunk);
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    try {
      return done.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the request body could not be read", e);
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    try {
      return CompletableFuture.completedFuture(send(request, handler));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public SSLContext sslContext() {
    throw new UnsupportedOperationException("TLS is handled by the host, outside the sandbox");
  }


  private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }

  private record Response<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body)
      implements HttpResponse<T> {
    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
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
}
