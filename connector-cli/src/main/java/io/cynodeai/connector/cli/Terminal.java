package io.cynodeai.connector.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text for a terminal: every C0 control character, DEL and every C1 control character in text that came from
 * input (names, paths, problems, values) is shown as {@code \xNN} (ESC as {@code \x1b}, a newline inside a value as
 * {@code \x0a}), so input cannot move the cursor, recolour or retitle the terminal, or forge output lines. One
 * convention, applied to everything {@code connectorctl} prints as text by {@link #escaping}. Stateless.
 */
final class Terminal {
  private Terminal() {}

  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /** {@code s} with its control characters as {@code \xNN}. */
  static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(String.format("\\x%02x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * A writer that escapes control characters in all it is given to print; only the line ends of {@code
   * println} pass as they are, so each {@code println} is exactly one line on the terminal.
   */
  static PrintWriter escaping(Writer raw) {
    return new PrintWriter(raw, true) {
      @Override
      public void write(int c) {
        write(String.valueOf((char) c));
      }

      @Override
      public void write(char[] buf, int off, int len) {
        write(new String(buf, off, len));
      }

      @Override
      public void write(String s, int off, int len) {
        String escaped = escape(s.substring(off, off + len));
        super.write(escaped, 0, escaped.length());
      }
    };
  }
}
