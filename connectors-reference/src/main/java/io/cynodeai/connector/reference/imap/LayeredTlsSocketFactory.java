package io.cynodeai.connector.reference.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * What Jakarta Mail is given as {@code mail.imap.ssl.socketFactory}: unconnected and connected sockets come
 * from the instance's guarded factory (so the egress guard checks every connection), and TLS is layered over
 * them by the instance's TLS factory (its trust store and client certificate). Jakarta Mail asks for an
 * unconnected socket, connects it, then layers TLS with {@link #createSocket(Socket, String, int, boolean)}:
 * for implicit TLS right away, for STARTTLS after the server agreed. Thread-safe if both factories are.
 */
final class LayeredTlsSocketFactory extends SSLSocketFactory {
  private final SocketFactory plain;
  private final SSLSocketFactory tls;

  LayeredTlsSocketFactory(SocketFactory plain, SSLSocketFactory tls) {
    this.plain = plain;
    this.tls = tls;
  }

  @Override
  public Socket createSocket() throws IOException {
    return plain.createSocket();
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
    return tls.createSocket(socket, host, port, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return layer(plain.createSocket(host, port), host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return layer(plain.createSocket(host, port, localHost, localPort), host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return layer(plain.createSocket(host, port), host.getHostAddress(), port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return layer(plain.createSocket(address, port, localAddress, localPort), address.getHostAddress(), port);
  }

  private Socket layer(Socket connected, String host, int port) throws IOException {
    try {
      return tls.createSocket(connected, host, port, true);
    } catch (IOException | RuntimeException e) {
      connected.close();
      throw e;
    }
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }
}
