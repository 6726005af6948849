package io.cynodeai.connector.testkit;

import io.cynodeai.connector.spi.NetworkAccess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * Network transports whose every connection fails with a {@link ConnectException}, counting the attempts, to
 * see what a connector does when its provider is unreachable. Thread-safe.
 */
final class FailingNetworkAccess implements NetworkAccess {
  static final String MESSAGE = "simulated network failure: connection refused";

  private final AtomicInteger calls = new AtomicInteger();
  private final HttpClient http = new FailingHttpClient(this::refuse);
  private final SocketFactory sockets = new FailingSocketFactory();

  /** How many connections (HTTP requests or sockets) the connector has tried to open. */
  int calls() {
    return calls.get();
  }

  @Override
  public HttpClient httpClient() {
    return http;
  }

  @Override
  public SocketFactory socketFactory() {
    return sockets;
  }

  private IOException refuse() {
    calls.incrementAndGet();
    return new ConnectException(MESSAGE);
  }

  private final class FailingSocketFactory extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
      throw refuse();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      throw refuse();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      throw refuse();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      throw refuse();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      throw refuse();
    }
  }
}
