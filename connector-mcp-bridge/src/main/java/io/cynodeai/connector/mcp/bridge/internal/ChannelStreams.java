package io.cynodeai.connector.mcp.bridge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Streams over a blocking socket channel that a reader and a writer thread may use at once. */
final class ChannelStreams {
  private ChannelStreams() {
  }

  /**
   * Reads a channel directly: the JDK's {@code Channels.newInputStream} and {@code newOutputStream} of one
   * channel share a lock, so a blocked read would stall every write in the other direction.
   */
  static final class In extends InputStream {
    private final SocketChannel channel;

    In(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      do {
        n = channel.read(ByteBuffer.wrap(b, off, len));
      } while (n == 0);
      return n;
    }
  }

  /** Writes a channel directly (see {@link In}). */
  static final class Out extends OutputStream {
    private final SocketChannel channel;

    Out(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

}
