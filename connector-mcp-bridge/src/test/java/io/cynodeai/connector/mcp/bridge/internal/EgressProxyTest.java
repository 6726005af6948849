package io.cynodeai.connector.mcp.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.core.internal.egress.GuardedNetworkAccess;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.NetworkAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host side of the egress proxy on its real Unix domain socket, with the engine's real guarded network access:
 * what it lets through, what it refuses, and that a client flooding it (as a hostile server may, the socket being
 * mounted into its sandbox) gets no more than {@link EgressProxy#MAX_TUNNELS} connections and no more threads.
 */
class EgressProxyTest {
  private HttpServer target;
  private EgressProxy proxy;
  private final List<String> denials = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    target.createContext("/", exchange -> {
      byte[] body = "target says hi".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    target.start();
    proxy = new EgressProxy("test", Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> {
      try {
        c.close();
      } catch (IOException e) {
        // closing only
      }
    });
    proxy.close();
    target.stop(0);
  }

  private ConnectorContext call(EgressPolicy policy) {
    NetworkAccess network = new GuardedNetworkAccess(policy, HostResolver.system(),
        d -> denials.add(d.host() + ":" + d.port()));
    return new ConnectorContext() {
      @Override
      public String instanceId() {
        return "i-1";
      }

      @Override
      public com.fasterxml.jackson.databind.JsonNode config() {
        return JsonNodeFactory.instance.objectNode();
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public System.Logger logger() {
        return System.getLogger("EgressProxyTest");
      }

      @Override
      public Instant deadline() {
        return Instant.now().plusSeconds(30);
      }

      @Override
      public CredentialAccess credentials() {
        return CredentialAccess.none();
      }

      @Override
      public NetworkAccess network() {
        return network;
      }
    };
  }

  private SocketChannel open() throws IOException {
    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
    c.connect(UnixDomainSocketAddress.of(proxy.socket()));
    clients.add(c);
    return c;
  }

  private static void send(SocketChannel c, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  /** Everything the proxy sends until it closes (or {@code until} appears). */
  private static String readAll(SocketChannel c, String until) throws IOException {
    StringBuilder out = new StringBuilder();
    ByteBuffer b = ByteBuffer.allocate(4096);
    while (c.read(b) >= 0) {
      out.append(new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1));
      b.clear();
      if (!until.isEmpty() && out.indexOf(until) >= 0) {
        break;
      }
    }
    return out.toString();
  }

  private static String connect(int port) {
    return "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.onSpinWait();
    }
  }

  private EgressPolicy allowingTarget() {
    return EgressPolicy.builder().allow("tcp://127.0.0.1:" + target.getAddress().getPort())
        .allowAddressRange("127.0.0.1/32").build();
  }

  @Test
  void anAllowedDestinationIsTunnelled() throws Exception {
    try (AutoCloseable inFlight = proxy.begin(call(allowingTarget()))) {
      SocketChannel c = open();
      send(c, connect(target.getAddress().getPort()));
      assertThat(readAll(c, "\r\n\r\n")).startsWith("HTTP/1.1 200");
      send(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(readAll(c, "")).startsWith("HTTP/1.1 200").endsWith("target says hi");
    }
    assertThat(proxy.tunnels()).isEqualTo(1);
    assertThat(denials).isEmpty();
  }

  @Test
  void aDestinationTheGuardRefusesGets403AndTheGuardsDenial() throws Exception {
    try (AutoCloseable inFlight = proxy.begin(call(allowingTarget()))) {
      SocketChannel c = open();
      send(c, connect(target.getAddress().getPort() + 1 > 65535 ? 1 : target.getAddress().getPort() + 1));
      assertThat(readAll(c, "")).startsWith("HTTP/1.1 403");
    }
    assertThat(denials).hasSize(1);
    assertThat(proxy.tunnels()).isZero();
  }

  @Test
  void withNoCallInFlightEverythingIsRefused() throws Exception {
    SocketChannel c = open();
    send(c, connect(target.getAddress().getPort()));
    assertThat(readAll(c, "")).startsWith("HTTP/1.1 403");
    assertThat(denials).as("refused before the guard is asked").isEmpty();
  }

  @Test
  void onlyConnectIsServed() throws Exception {
    try (AutoCloseable inFlight = proxy.begin(call(allowingTarget()))) {
      SocketChannel c = open();
      send(c, "GET http://127.0.0.1:" + target.getAddress().getPort() + "/ HTTP/1.1\r\n\r\n");
      assertThat(readAll(c, "")).startsWith("HTTP/1.1 405");
    }
  }

  @Test
  void whenTheLastCallEndsItsTunnelsAreClosed() throws Exception {
    AutoCloseable inFlight = proxy.begin(call(allowingTarget()));
    SocketChannel c = open();
    send(c, connect(target.getAddress().getPort()));
    assertThat(readAll(c, "\r\n\r\n")).startsWith("HTTP/1.1 200");
    inFlight.close();
    await(() -> proxy.activeConnections() == 0, "the tunnel closed");
    assertThat(readAll(c, "")).isEmpty();
  }

  @Test
  void aFloodGetsTheCapAndNoMoreThreads() throws Exception {
    int before = proxyThreads();
    int flood = 3 * EgressProxy.MAX_TUNNELS;
    List<SocketChannel> held = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      held.add(open()); // connects and sends nothing: holds a slot until the handshake times out
    }
    await(() -> proxy.activeConnections() + proxy.overCapConnections() >= flood
        || proxy.overCapConnections() >= flood - EgressProxy.MAX_TUNNELS, "every connection accepted");
    assertThat(proxy.activeConnections()).isLessThanOrEqualTo(EgressProxy.MAX_TUNNELS);
    assertThat(proxy.overCapConnections()).isGreaterThanOrEqualTo(flood - EgressProxy.MAX_TUNNELS);
    assertThat(proxyThreads() - before).as("threads: at most two per served connection, none per refused one")
        .isLessThanOrEqualTo(2 * EgressProxy.MAX_TUNNELS + 2);
    int answered503 = 0;
    for (SocketChannel c : held.subList(held.size() - EgressProxy.MAX_TUNNELS, held.size())) {
      if (readAll(c, "").startsWith("HTTP/1.1 503")) {
        answered503++;
      }
    }
    assertThat(answered503).as("the last connections were over the cap").isEqualTo(EgressProxy.MAX_TUNNELS);
    // the silent ones time out of their handshake and free their slots: a call then gets through again
    await(() -> proxy.activeConnections() == 0, "the handshakes timed out");
    try (AutoCloseable inFlight = proxy.begin(call(allowingTarget()))) {
      SocketChannel c = open();
      send(c, connect(target.getAddress().getPort()));
      assertThat(readAll(c, "\r\n\r\n")).startsWith("HTTP/1.1 200");
    }
  }

  private static int proxyThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("mcp-egress-")).count();
  }
}
