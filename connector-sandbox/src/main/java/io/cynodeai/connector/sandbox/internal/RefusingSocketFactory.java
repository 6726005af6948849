package io.cynodeai.connector.sandbox.internal;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * The child's socket factory: a sandboxed connector has no direct network, so every socket is refused. HTTP goes
 * through the forwarding client instead. Stateless.
 */
final class RefusingSocketFactory extends SocketFactory {

  private static SocketException refused() {
    return new SocketException("a sandboxed connector has no direct network access: use the HTTP client");
  }

  @Override
  public Socket createSocket() throws SocketException {
    throw refused();
  }

  @Override
  public Socket createSocket(String host, int port) throws SocketException {
    throw refused();
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws SocketException {
    throw refused();
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws SocketException {
    throw refused();
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws SocketException {
    throw refused();
  }
}
