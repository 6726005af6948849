package io.cynodeai.connector.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what is logged while it is open: everything written to {@code System.out} and {@code System.err}
 * (still passed through), where SLF4J's simple and console backends write, and every record reaching the JDK
 * logging root logger, where connectors' {@link System.Logger}s go by default (message, parameters and
 * thrown exception, with its causes). Replaces the JVM-wide streams while open, so run one capture at a
 * time; closing restores them. Thread-safe.
 */
final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream streams = new ByteArrayOutputStream();
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
      if (record.getParameters() != null) {
        for (Object p : record.getParameters()) {
          line.append(' ').append(p);
        }
      }
      for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
        line.append(' ').append(t);
      }
      records.add(line.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  LogCapture() {
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    Logger.getLogger("").addHandler(handler);
  }

  /** Everything captured so far. */
  String text() {
    synchronized (streams) {
      return streams.toString(StandardCharsets.UTF_8) + String.join("\n", records);
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    Logger.getLogger("").removeHandler(handler);
  }

  /** Copies to the captured buffer and to the original stream. */
  private final class Tee extends OutputStream {
    private final PrintStream original;

    Tee(PrintStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) {
      synchronized (streams) {
        streams.write(b);
      }
      original.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (streams) {
        streams.write(b, off, len);
      }
      original.write(b, off, len);
    }
  }
}
