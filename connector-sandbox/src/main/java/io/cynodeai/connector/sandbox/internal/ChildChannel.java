package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The child's end of the protocol: messages to the parent on the original stdout, replies from stdin. Lines are
 * read into character arrays so a credentials reply can be parsed without becoming a String and zero-filled
 * after. One request at a time: {@link #request} is synchronized.
 */
final class ChildChannel {
  private final PrintStream out;
  private final Reader in;

  ChildChannel(PrintStream out, InputStream in) {
    this.out = out;
    this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  synchronized void send(JsonNode message) {
    out.print(Messages.line(message));
    out.print('\n');
    out.flush();
  }

  /** Sends a message and returns the parent's reply line; the caller zero-fills it when done. */
  synchronized char[] request(JsonNode message) throws IOException {
    send(message);
    return readLine();
  }

  /** The next line from the parent, without its newline. */
  synchronized char[] readLine() throws IOException {
    char[] buf = new char[256];
    int len = 0;
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (len == buf.length) {
        char[] bigger = Arrays.copyOf(buf, buf.length * 2);
        Arrays.fill(buf, '\0');
        buf = bigger;
      }
      buf[len++] = (char) c;
    }
    if (c < 0 && len == 0) {
      throw new IOException("the parent closed the channel");
    }
    char[] line = Arrays.copyOf(buf, len);
    Arrays.fill(buf, '\0');
    return line;
  }

  static JsonNode parse(char[] line) throws IOException {
    try {
      return Messages.parse(new String(line));
    } catch (Messages.ProtocolException e) {
      throw new IOException(e.getMessage());
    }
  }
}
