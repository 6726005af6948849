package io.cynodeai.connector.core.internal.context;

import io.cynodeai.connector.spi.NetworkAccess;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * Network access without egress rules: a shared JDK HTTP client that never follows redirects and the
 * default socket factory, with the JVM's TLS validation. It is the engine's default until a host configures
 * an egress guard through {@code EngineBuilder.networkAccess}. Thread-safe.
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
