package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parent's side of one running child: writes messages to its stdin, reads its stdout line by line on a
 * pump thread, drains its stderr, and enforces the output cap on both, per call (REQ-EGRESS-006). Not
 * thread-safe: one caller drives a child at a time. {@link #close()} kills the child and its descendants.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Object EOF = new Object();
  private static final Object EXCEEDED = new Object();
  private static final int STDERR_KEPT = 16 * 1024;

  private final Process process;
  private final long maxOutputBytes;
  private final int heapMegabytes;
  private final Clock clock;
  private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream stderrHead = new ByteArrayOutputStream();
  private final AtomicLong stdoutBytes = new AtomicLong();
  private final AtomicLong stderrBytes = new AtomicLong();
  private final Writer stdin;

  ChildProcess(Process process, long maxOutputBytes, int heapMegabytes, Clock clock) {
    this.process = process;
    this.maxOutputBytes = maxOutputBytes;
    this.heapMegabytes = heapMegabytes;
    this.clock = clock;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread out = new Thread(() -> pumpLines(process.getInputStream()), "sandbox-stdout-" + process.pid());
    Thread err = new Thread(() -> drainStderr(process.getErrorStream()), "sandbox-stderr-" + process.pid());
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  /**
   * Starts a new call's accounting on a (warm) child: the output caps count from here, and the kept head of stderr
   * (read to recognise how a child died) is this call's.
   */
  void startCall() {
    stdoutBytes.set(0);
    stderrBytes.set(0);
    synchronized (stderrHead) {
      stderrHead.reset();
    }
  }

  /** Whether the child may serve another call: alive, and nothing unread from it (no stray message). */
  boolean reusable() {
    return process.isAlive() && lines.isEmpty();
  }

  /** The CPU time the child and its descendants have used so far (what {@code RLIMIT_CPU} counts, per process). */
  Duration cpuUsed() {
    List<ProcessHandle> known = tree;
    if (known == null) {
      // The wrappers and the JVM, found once (a scan of /proc costs milliseconds); the JVM is what accumulates
      // CPU time between calls, and what RLIMIT_CPU ends. Processes a connector forks later are not counted.
      known = java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
          .toList();
      tree = known;
    }
    return known.stream().map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  private volatile @Nullable List<ProcessHandle> tree;

  /** The child's process, for inspection. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Writes one message.
   *
   * @throws ProviderException {@code sandbox_crashed} if the child is gone
   */
  void send(JsonNode message) throws InterruptedException {
    send(gen -> Messages.MAPPER.writeTree(gen, message));
  }

  /**
   * Writes one message built directly on a generator, so secret characters never become a String.
   *
   * @throws ProviderException {@code sandbox_crashed} if the child is gone
   */
  void send(GeneratorBody body) throws InterruptedException {
    try {
      JsonGenerator gen = Messages.MAPPER.getFactory().createGenerator(new NoClose(stdin));
      body.write(gen);
      gen.flush();
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw crashed("", 2);
    }
  }

  /** A message written field by field. */
  @FunctionalInterface
  interface GeneratorBody {
    void write(JsonGenerator gen) throws IOException;
  }

  /**
   * The child's next message, waiting until {@code deadline}.
   *
   * @throws ProviderException {@code timeout}, {@code sandbox_crashed}, {@code sandbox_output_exceeded} or
   *     {@code sandbox_protocol_error}
   */
  JsonNode receive(Instant deadline) throws InterruptedException {
    long waitNanos = Duration.between(clock.instant(), deadline).toNanos();
    Object next = waitNanos <= 0 ? lines.poll() : lines.poll(waitNanos, TimeUnit.NANOSECONDS);
    if (next == null) {
      throw SandboxFailures.timeout();
    }
    if (next == EXCEEDED) {
      throw SandboxFailures.outputExceeded(maxOutputBytes);
    }
    if (next == EOF) {
      throw crashed("", 2);
    }
    String line = (String) next;
    try {
      return Messages.parse(line);
    } catch (Messages.ProtocolException e) {
      // The JVM itself writes its last words on stdout (out of memory, for one): a dying child is a crash.
      ProviderException crash = crashed(line, 1);
      throw crash.code().equals("sandbox_crashed") ? crash : SandboxFailures.protocol(e.getMessage());
    }
  }

  private ProviderException crashed(String lastLine, int waitSeconds) throws InterruptedException {
    if (!process.waitFor(waitSeconds, TimeUnit.SECONDS)) {
      return SandboxFailures.protocol("the process closed its output but did not exit");
    }
    String lastWords;
    synchronized (stderrHead) {
      lastWords = lastLine + stderrHead.toString(StandardCharsets.UTF_8);
    }
    boolean threads = lastWords.contains("unable to create native thread")
        || lastWords.contains("pthread_create failed (EAGAIN)");
    boolean oom = !threads && lastWords.contains("OutOfMemoryError");
    return SandboxFailures.crashed(process.exitValue(), oom, threads, heapMegabytes);
  }

  private void pumpLines(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (in) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (stdoutBytes.addAndGet(n) > maxOutputBytes) {
          lines.add(EXCEEDED);
          kill();
          return;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(buf[i]);
          }
        }
      }
    } catch (IOException e) {
      // The stream closed under us: the child is gone, reported as end of output.
    }
    lines.add(EOF);
  }

  private void drainStderr(InputStream in) {
    try (in) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (stderrBytes.addAndGet(n) > maxOutputBytes) {
          lines.add(EXCEEDED);
          kill();
          return;
        }
        synchronized (stderrHead) {
          int keep = Math.min(n, STDERR_KEPT - stderrHead.size());
          if (keep > 0) {
            stderrHead.write(buf, 0, keep);
          }
        }
      }
    } catch (IOException e) {
      // The child is gone.
    }
  }

  private List<ProcessHandle> kill() {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    return descendants;
  }

  /**
   * Kills the child and its descendants and waits briefly (5 s at most) for them to end. A descendant has ended
   * when it is gone or a zombie: it runs nothing and holds nothing, it only waits for its new parent (the host's
   * init, once bwrap is gone) to reap it, which some inits do only every second or so. {@code onExit} of a
   * process that is not our child would poll for the reaping from 300 ms on; a cold call would wait for it.
   */
  @Override
  public void close() {
    List<ProcessHandle> descendants = kill();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      process.waitFor(5, TimeUnit.SECONDS);
      long pauseMillis = 1;
      while (!descendants.stream().allMatch(ChildProcess::ended) && System.nanoTime() < deadline) {
        Thread.sleep(pauseMillis); // bounded in time; the kernel gives no event for another's process ending
        pauseMillis = Math.min(pauseMillis * 2, 20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a process has ended: gone, or a zombie (state {@code Z} in {@code /proc/<pid>/stat}). */
  static boolean ended(ProcessHandle p) {
    if (!p.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.UTF_8);
      int end = stat.lastIndexOf(')'); // the command name in parentheses may contain anything
      char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state == 'Z' || state == 'X' || !p.isAlive();
    } catch (IOException e) {
      return !p.isAlive(); // gone meanwhile, or no /proc to tell a zombie by
    }
  }

  /** Keeps the generator from closing the child's stdin. */
  private static final class NoClose extends Writer {
    private final Writer delegate;

    NoClose(Writer delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      delegate.write(cbuf, off, len);
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    @Override
    public void close() {}
  }
}
