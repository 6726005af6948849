package io.cynodeai.connector.core.internal.spec;

import java.io.IOException;
import java.io.Reader;
import org.jspecify.annotations.Nullable;

/**
 * Hands spec text to a parser while enforcing the submission and document caps as the parser pulls it, so a
 * parser never scans past a cap (a 10 MB scalar is stopped after the document cap, not read whole first). It
 * tracks the line and column of each character it hands out, in the units of the parser it feeds (YAML counts
 * code points and also breaks lines at U+0085, U+2028 and U+2029; JSON counts chars), and remembers where a
 * cap was crossed. Parsers read ahead, so the document cap only stops the parser {@link #SLACK} characters past
 * it; the caller reports any document that ends past its cap. Not thread-safe; one per read.
 */
final class BoundedSpecReader extends Reader {
  /** More than any parser's read-ahead (SnakeYAML reads 1,024 chars at a time, Jackson's JSON parser 4,000). */
  static final int SLACK = 16 * 1024;

  /** Thrown to the parser when it pulls past a cap; {@link SpecReader} finds it in the parser's exception. */
  static final class Overrun extends IOException {
    final boolean document;
    final int line;
    final int column;

    Overrun(boolean document, int line, int column) {
      super(document ? "document over its cap" : "submission over its cap");
      this.document = document;
      this.line = line;
      this.column = column;
    }
  }

  private final String text;
  private final boolean yaml;
  private final long maxSource;
  private final long maxDocument;
  private int pos;
  private long units;
  private int line = 1;
  private int column = 1;
  private long documentStart;
  private long crossedFor = -1;
  private int crossedLine;
  private int crossedColumn;

  BoundedSpecReader(String text, boolean yaml, int maxSource, int maxDocument) {
    this.text = text;
    this.yaml = yaml;
    this.maxSource = maxSource;
    this.maxDocument = maxDocument;
  }

  /** The document being read starts (or the text before it begins) at {@code unitOffset}. */
  void documentStartsAt(long unitOffset) {
    documentStart = Math.max(documentStart, unitOffset);
  }

  /** Where the document that starts at {@code unitOffset} crossed the document cap: {line, column}, or null. */
  @Nullable int[] crossing(long unitOffset) {
    return crossedFor == unitOffset ? new int[] {crossedLine, crossedColumn} : null;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (pos >= text.length()) {
      return -1;
    }
    int n = 0;
    while (n < len && pos < text.length()) {
      char c = text.charAt(pos);
      boolean counts = !yaml || !Character.isLowSurrogate(c);
      if (counts) {
        if (units >= maxSource) {
          if (n > 0) {
            return n;
          }
          throw new Overrun(false, line, column);
        }
        long cap = documentStart + maxDocument;
        if (units == cap && crossedFor != documentStart) {
          crossedFor = documentStart;
          crossedLine = line;
          crossedColumn = column;
        }
        if (units >= cap + SLACK) {
          if (n > 0) {
            return n;
          }
          throw new Overrun(true, crossedLine, crossedColumn);
        }
      }
      buf[off + n++] = c;
      pos++;
      if (counts) {
        units++;
        advance(c);
      }
    }
    return n;
  }

  private void advance(char c) {
    boolean lineBreak = c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))
        || (yaml && (c == '\u0085' || c == '\u2028' || c == '\u2029'));
    if (lineBreak) {
      line++;
      column = 1;
    } else if (!yaml || c != '\uFEFF') {
      column++;
    }
  }

  @Override
  public void close() {}
}
