package io.cynodeai.connector.core.internal.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets that may reach only what the egress rules allow (scheme {@code tcp}). A host name is
 * resolved by the guard and the socket connects to the checked address; an already resolved socket address is
 * checked as given. Unconnected sockets check on {@code connect}. Thread-safe.
 */
final class GuardedSocketFactory extends SocketFactory {
  private static final String SCHEME = "tcp";
  private final EgressChecker checker;
  private final int connectTimeoutMillis;

  GuardedSocketFactory(EgressChecker checker, int connectTimeoutMillis) {
    this.checker = checker;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  @Override
  public Socket createSocket() {
    return new GuardedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = new GuardedSocket();
    socket.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    Socket socket = new GuardedSocket();
    socket.bind(new InetSocketAddress(localHost, localPort));
    socket.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
    return socket;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket socket = new GuardedSocket();
    socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
    return socket;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket socket = new GuardedSocket();
    socket.bind(new InetSocketAddress(localAddress, localPort));
    socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
    return socket;
  }

  /** A socket that checks its destination on connect, and never goes through a proxy. */
  private final class GuardedSocket extends Socket {
    GuardedSocket() {
      super(Proxy.NO_PROXY);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress isa)) {
        throw checker.deny("host_malformed", SCHEME, String.valueOf(endpoint), -1,
            "only internet socket addresses can be reached");
      }
      PinnedTarget target = isa.isUnresolved() ? checker.check(SCHEME, isa.getHostString(), isa.getPort())
          : checker.checkResolved(SCHEME, hostOf(isa), isa.getAddress(), isa.getPort());
      super.connect(new InetSocketAddress(target.address(), target.port()), timeout);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, connectTimeoutMillis);
    }
  }

  /** The name the address was created with, if any (no reverse lookup), else its literal. */
  private static String hostOf(InetSocketAddress isa) {
    String text = isa.getAddress().toString();
    int slash = text.indexOf('/');
    return slash > 0 ? text.substring(0, slash) : isa.getAddress().getHostAddress();
  }
}
