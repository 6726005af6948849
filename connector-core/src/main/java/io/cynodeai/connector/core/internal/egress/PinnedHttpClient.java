package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.core.internal.CurrentAttempt;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.spi.http.HttpClientBase;
import io.cynodeai.connector.core.egress.EgressPolicy;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The egress guard's {@link HttpClient}. The JDK's client cannot be told which address to connect to (it
 * resolves names itself, has no resolver hook before JDK 18, and treats {@code Host} as a restricted header),
 * so this client speaks HTTP/1.1 itself over sockets from {@link PinnedConnector}: every request is checked
 * (allowlist, DNS, address rules) and sent to the address that was checked, one connection per request.
 * Redirects are never followed: a connector that follows one sends a new request, which is checked again.
 * Thread-safe.
 */
final class PinnedHttpClient extends HttpClientBase {
  private static final ExecutorService ASYNC = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "egress-http");
    t.setDaemon(true);
    return t;
  });

  private final EgressChecker checker;
  private final PinnedConnector connector;
  private final EgressPolicy policy;

  PinnedHttpClient(EgressChecker checker, PinnedConnector connector, EgressPolicy policy) {
    this.checker = checker;
    this.connector = connector;
    this.policy = policy;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    PinnedTarget target = check(request.uri());
    ObservedScope attempt = CurrentAttempt.get();
    if (attempt != null) {
      request = withHeaders(request, attempt);
    }
    Duration timeout = request.timeout().orElse(policy.readTimeout());
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    byte[] body = BodyBridge.collect(request, timeout);
    try (Socket socket = connector.open(target, timeoutMillis)) {
      Http11Exchange.Response response = new Http11Exchange(socket, policy.maxResponseBytes())
          .run(request, target, body);
      T value = BodyBridge.deliver(handler, response, timeout);
      return new PinnedResponse<>(request, response.status(), response.headers(), value,
          socket instanceof SSLSocket ssl ? Optional.of(ssl.getSession()) : Optional.empty());
    }
  }

  /** The request with the observed attempt's headers (a trace context), replacing any of the same name. */
  private static HttpRequest withHeaders(HttpRequest request, ObservedScope attempt) {
    HttpRequest.Builder[] copy = new HttpRequest.Builder[1];
    attempt.outgoingHeaders((name, value) -> {
      if (copy[0] == null) {
        copy[0] = HttpRequest.newBuilder(request, (n, v) -> true);
      }
      copy[0].setHeader(name, value);
    });
    return copy[0] == null ? request : copy[0].build();
  }

  private PinnedTarget check(URI uri) throws IOException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() != null ? uri.getHost() : String.valueOf(uri.getRawAuthority());
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw checker.deny("scheme_not_allowed", scheme, host, uri.getPort(), "scheme '" + scheme
          + "' is not allowed for HTTP requests");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    if (uri.getRawUserInfo() != null) {
      throw checker.deny("userinfo_present", scheme, uri.getHost() == null ? "" : uri.getHost(), port,
          "URLs with user info are refused (send credentials in headers)");
    }
    if (uri.getHost() == null) {
      throw checker.deny("host_malformed", scheme, hostPart(uri), port,
          "the URL's authority is not a host the guard accepts");
    }
    return checker.check(scheme, uri.getHost(), port);
  }

  /** The authority without any user info, for messages. */
  private static String hostPart(URI uri) {
    String authority = String.valueOf(uri.getRawAuthority());
    return authority.substring(authority.lastIndexOf('@') + 1);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    String actor = ActingUser.current(); // the sending thread's, so a denial on the async thread names it
    ObservedScope attempt = CurrentAttempt.get(); // and its trace context goes out with the request
    HttpRequest sent = attempt == null ? request : withHeaders(request, attempt);
    return CompletableFuture.supplyAsync(() -> {
      try {
        return ActingUser.as(actor, () -> send(sent, handler));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, ASYNC);
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.of(policy.connectTimeout());
  }

  @Override
  public SSLContext sslContext() {
    return connector.tlsContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return connector.tlsContext().getDefaultSSLParameters();
  }

  @Override
  public Optional<Executor> executor() {
    return Optional.of(ASYNC);
  }
}
