package io.cynodeai.connector.mcp.bridge.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs inside the sandbox, in front of an MCP server that asked for the egress proxy: listens on an ephemeral
 * port of the sandbox's own loopback, starts the server with {@code HTTPS_PROXY}/{@code HTTP_PROXY} pointing at
 * it (and the server's stdin, stdout and stderr as its own), and relays each connection, byte for byte, to the
 * host's proxy over the Unix domain socket mounted into the sandbox. It decides nothing: the host's proxy checks
 * every destination. Exits with the server's exit code. Uses the JDK only; never writes to stdout (the MCP
 * channel).
 *
 * <p>Arguments: the socket's path, then the server's command line.
 */
public final class EgressRelay {
  private EgressRelay() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: EgressRelay <proxy socket> <program> [arguments...]");
      System.exit(2);
    }
    Path socket = Path.of(args[0]);
    ServerSocket listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    String proxy = "http://127.0.0.1:" + listener.getLocalPort();
    ProcessBuilder server = new ProcessBuilder(List.of(args).subList(1, args.length)).inheritIO();
    for (String name : List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")) {
      server.environment().put(name, proxy);
    }
    Process process = server.start();
    Thread acceptor = new Thread(() -> accept(listener, socket), "egress-relay");
    acceptor.setDaemon(true);
    acceptor.start();
    System.exit(process.waitFor());
  }

  private static void accept(ServerSocket listener, Path socket) {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      try {
        SocketChannel host = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        // not Channels.newInputStream/newOutputStream: the two share the channel's lock, so a blocked read
        // would stall the writes in the other direction
        pump(client.getInputStream(), new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
              host.write(buffer);
            }
          }
        }, client, host, true);
        pump(new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return host.read(ByteBuffer.wrap(b, off, len));
          }
        }, client.getOutputStream(), client, host, false);
      } catch (IOException | RuntimeException | Error e) {
        close(client, null);
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Socket client, SocketChannel host, boolean up) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
        if (up) {
          host.shutdownOutput();
        } else {
          client.shutdownOutput();
        }
      } catch (IOException e) {
        close(client, host);
      }
    }, "egress-relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(Socket client, SocketChannel host) {
    try {
      client.close();
    } catch (IOException e) {
      // already closed
    }
    if (host != null) {
      try {
        host.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
