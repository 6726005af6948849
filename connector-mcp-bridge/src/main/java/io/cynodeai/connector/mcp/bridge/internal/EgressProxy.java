package io.cynodeai.connector.mcp.bridge.internal;

import io.cynodeai.connector.spi.ConnectorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The host side of one sandboxed MCP server's egress: an HTTP {@code CONNECT} proxy on a Unix domain socket (in a
 * directory of its own, mounted into the sandbox). Each {@code CONNECT host:port} is opened through the
 * {@link io.cynodeai.connector.spi.NetworkAccess#socketFactory() guarded socket factory} of a call in flight for
 * this server, so the engine's egress guard of that call's instance decides (allowlist, address checks, DNS
 * pinning; scheme {@code tcp}) and audits a refusal; the proxy answers {@code 403} to a refused destination,
 * {@code 403} when no call is in flight, {@code 405} to anything but {@code CONNECT}, and {@code 503} beyond
 * {@link #MAX_TUNNELS} concurrent connections. When the last call in flight ends, every tunnel is closed.
 *
 * <p>Bounded: at most {@link #MAX_TUNNELS} connections are served at once, each by at most two threads of a
 * fixed pool; a connection over the cap is answered and closed by the accepting thread itself; a request head
 * must arrive within {@link #HANDSHAKE_TIMEOUT} and within {@link #MAX_HEAD_BYTES}. Thread-safe.
 */
public final class EgressProxy implements AutoCloseable {
  /** Connections served at once. */
  public static final int MAX_TUNNELS = 64;
  /** How long a client may take to send its request head. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_HEAD_BYTES = 8192;
  private static final Pattern CONNECT =
      Pattern.compile("CONNECT ((?:\\[[0-9A-Fa-f:.]+\\])|[A-Za-z0-9.-]{1,253}):([0-9]{1,5}) HTTP/1\\.[01]");
  private static final System.Logger LOG = System.getLogger(EgressProxy.class.getName());
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final Path directory;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Semaphore slots = new Semaphore(MAX_TUNNELS);
  private final ExecutorService workers;
  private final ScheduledExecutorService watchdog;
  private final ConcurrentLinkedDeque<ConnectorContext> calls = new ConcurrentLinkedDeque<>();
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final Set<Socket> targets = ConcurrentHashMap.newKeySet();
  private final AtomicLong overCap = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong tunnelled = new AtomicLong();
  private final Duration handshakeTimeout;
  private volatile boolean closed;

  /** Starts listening on a socket in a new directory under the temp dir. */
  public EgressProxy(String name) {
    this(name, HANDSHAKE_TIMEOUT);
  }

  EgressProxy(String name, Duration handshakeTimeout) {
    this.handshakeTimeout = handshakeTimeout;
    int n = NEXT.incrementAndGet();
    try {
      directory = Files.createTempDirectory("mcp-egress-");
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      socket = directory.resolve("proxy.sock");
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      // the sandboxed server runs under another uid: connecting to a Unix socket needs write permission on it
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
    } catch (IOException e) {
      throw new UncheckedIOException("the egress proxy's socket could not be created", e);
    }
    workers = Executors.newFixedThreadPool(2 * MAX_TUNNELS, daemon("mcp-egress-" + name + "-" + n));
    watchdog = Executors.newSingleThreadScheduledExecutor(daemon("mcp-egress-watchdog-" + name + "-" + n));
    Thread acceptor = new Thread(this::accept, "mcp-egress-accept-" + name + "-" + n);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The directory holding the socket (mounted into the sandbox at the same path). */
  public Path directory() {
    return directory;
  }

  /** The socket's path. */
  public Path socket() {
    return socket;
  }

  /** Connections answered {@code 503} because {@link #MAX_TUNNELS} were being served. */
  public long overCapConnections() {
    return overCap.get();
  }

  /** {@code CONNECT}s refused (403, 405, 400, 502). */
  public long refusedConnections() {
    return refused.get();
  }

  /** Tunnels opened. */
  public long tunnels() {
    return tunnelled.get();
  }

  /** Connections being served now. */
  public int activeConnections() {
    return MAX_TUNNELS - slots.availablePermits();
  }

  /**
   * Marks {@code context}'s call as in flight for this server until the returned handle is closed: tunnels are
   * opened through its guarded network access meanwhile.
   */
  public AutoCloseable begin(ConnectorContext context) {
    calls.addLast(context);
    return () -> {
      calls.removeFirstOccurrence(context);
      if (calls.isEmpty()) {
        closeTunnels();
      }
    };
  }

  private void accept() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!slots.tryAcquire()) {
        overCap.incrementAndGet();
        answerAndClose(client, "503 Service Unavailable");
        continue;
      }
      open.add(client);
      try {
        workers.execute(() -> serve(client));
      } catch (RuntimeException e) {
        release(client);
      }
    }
  }

  private void serve(SocketChannel client) {
    var timer = watchdog.schedule(() -> closeQuietly(client), handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    Socket upstream = null;
    try {
      String head = readHead(client);
      Matcher connect = head == null ? null : CONNECT.matcher(head.lines().findFirst().orElse(""));
      if (connect == null || !connect.matches()) {
        refuse(client, head != null && !head.startsWith("CONNECT ") ? "405 Method Not Allowed"
            : "400 Bad Request");
        return;
      }
      String host = connect.group(1).startsWith("[") ? connect.group(1).substring(1, connect.group(1).length() - 1)
          : connect.group(1);
      int port = Integer.parseInt(connect.group(2));
      ConnectorContext call = calls.peekFirst();
      if (call == null || port < 1 || port > 65535) {
        refuse(client, "403 Forbidden");
        return;
      }
      upstream = call.network().socketFactory().createSocket();
      try {
        upstream.connect(InetSocketAddress.createUnresolved(host, port));
      } catch (IOException e) {
        boolean denied = e.getClass().getSimpleName().equals("EgressDeniedException");
        if (denied) {
          call.logger().log(System.Logger.Level.WARNING, "egress proxy: CONNECT " + host + ":" + port
              + " refused by the egress rules of instance " + call.instanceId());
        }
        refuse(client, denied ? "403 Forbidden" : "502 Bad Gateway");
        return;
      }
      timer.cancel(false);
      if (!calls.contains(call)) {
        refuse(client, "403 Forbidden"); // the call ended while connecting
        return;
      }
      client.write(ByteBuffer.wrap("HTTP/1.1 200 Connection Established\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      tunnelled.incrementAndGet();
      Socket target = upstream;
      targets.add(target);
      try {
        tunnel(client, target);
      } finally {
        targets.remove(target);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(client);
    } finally {
      timer.cancel(false);
      closeQuietly(upstream);
      release(client); // after the tunnel has ended, or on any refusal or failure
    }
  }

  private void tunnel(SocketChannel client, Socket target) throws IOException {
    try {
      workers.execute(() -> copy(new ChannelStreams.In(client), outputOf(target), client, target, true));
    } catch (RuntimeException e) {
      closeQuietly(target);
      throw e;
    }
    copy(target.getInputStream(), new ChannelStreams.Out(client), client, target, false);
  }

  private static OutputStream outputOf(Socket target) {
    try {
      return target.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies until end of stream; the downstream copy (target to client) runs on the serving thread. */
  private void copy(InputStream in, OutputStream out, SocketChannel client, Socket target, boolean up) {
    byte[] buffer = new byte[16 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
      if (up) {
        target.shutdownOutput();
      } else {
        client.shutdownOutput();
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(client);
      closeQuietly(target);
    } finally {
      if (!up) {
        closeQuietly(client);
        closeQuietly(target);
      }
    }
  }

  /** The request head (up to the blank line), or null if the client closed or sent too much. */
  private static @Nullable String readHead(SocketChannel in) throws IOException {
    byte[] head = new byte[MAX_HEAD_BYTES];
    ByteBuffer one = ByteBuffer.allocate(1);
    int length = 0;
    while (length < head.length) {
      one.clear();
      if (in.read(one) < 0) {
        return null;
      }
      head[length++] = one.get(0);
      if (length >= 4 && head[length - 4] == '\r' && head[length - 3] == '\n' && head[length - 2] == '\r'
          && head[length - 1] == '\n') {
        return new String(head, 0, length, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private void refuse(SocketChannel client, String status) {
    refused.incrementAndGet();
    answerAndClose(client, status);
  }

  private void release(SocketChannel client) {
    if (open.remove(client)) {
      slots.release();
    }
    closeQuietly(client);
  }

  private static void answerAndClose(SocketChannel client, String status) {
    try {
      client.configureBlocking(false); // never block the caller on a client that does not read
      client.write(ByteBuffer.wrap(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      // the client is gone
    }
    closeQuietly(client);
  }

  private void closeTunnels() {
    for (SocketChannel client : open) {
      closeQuietly(client);
    }
    for (Socket target : targets) {
      closeQuietly(target);
    }
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // closing only
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    closeTunnels();
    workers.shutdownNow();
    watchdog.shutdownNow();
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "the egress proxy's socket directory was not removed");
    }
  }
}
