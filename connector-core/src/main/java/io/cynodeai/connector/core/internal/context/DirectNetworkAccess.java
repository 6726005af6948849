package io.cynodeai.connector.core.internal.context;

import io.cynodeai.connector.spi.NetworkAccess;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * Network access without egress rules: a shared JDK HTTP client that never follows redirects and the
 * default socket factory, with the JVM's TLS validation. Engines never use it on their own (their default is
 * the egress guard with {@code EgressPolicy.publicOnly()}); it serves code that runs handlers outside an
 * engine, such as benchmarks. Thread-safe.
 */
public final class DirectNetworkAccess implements NetworkAccess {
  private static final DirectNetworkAccess INSTANCE = new DirectNetworkAccess();

  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private DirectNetworkAccess() {}

  public static DirectNetworkAccess instance() {
    return INSTANCE;
  }

  @Override
  public HttpClient httpClient() {
    return client;
  }

  @Override
  public SocketFactory socketFactory() {
    return SocketFactory.getDefault();
  }
}
