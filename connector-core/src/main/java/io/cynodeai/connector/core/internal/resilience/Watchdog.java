package io.cynodeai.connector.core.internal.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Interrupts threads that run past their deadline: what enforces the timeout cap of a handler that runs on its
 * caller's thread. One daemon thread for the whole JVM, started on first use, watches every call in flight.
 *
 * <p>Watching a call must cost next to nothing, since every fast-path call does it: {@link #watch} adds the
 * call to a concurrent set and {@link Watch#close} removes it; the watchdog thread is woken only when a new
 * deadline falls before its next planned wake-up. Otherwise it wakes at the earliest deadline it knows of, or
 * after {@link #IDLE_NANOS} when it knows of none, so with caps of a second or more (the usual case) calls never
 * wake it: a handoff-free call stays free of context switches. Thread-safe.
 */
public final class Watchdog {
  /** The longest the watchdog thread sleeps; a new deadline beyond its wake-up does not need to wake it. */
  static final long IDLE_NANOS = 1_000_000_000L;
  /**
   * How long code may run on past the watchdog's interrupt before it counts as not honouring interruption (and
   * is moved to an isolated handler thread by whoever runs it).
   */
  public static final Duration OVERRUN_TOLERANCE = Duration.ofMillis(100);
  private static final Watchdog SHARED = new Watchdog();

  private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
  /** When the watchdog thread will look next ({@link System#nanoTime}); Long.MIN_VALUE before it started. */
  private volatile long nextWake = Long.MIN_VALUE;
  private volatile @Nullable Thread thread;

  private Watchdog() {}

  /** The JVM's watchdog. */
  public static Watchdog shared() {
    return SHARED;
  }

  /**
   * Starts watching the current thread: at {@code deadlineNanos} ({@link System#nanoTime}) it is interrupted
   * unless the returned watch was closed first. Close it in a {@code finally} on the same thread.
   */
  public Watch watch(long deadlineNanos) {
    Watch w = new Watch(Thread.currentThread(), deadlineNanos);
    watched.add(w);
    if (deadlineNanos - nextWake < 0 || thread == null) {
      wake();
    }
    return w;
  }

  /** Code run on its caller's thread under a {@link Watch}, which it may consult. */
  @FunctionalInterface
  public interface WatchedBody<T> {
    T run(Watch watch) throws Throwable;
  }

  /**
   * What {@link #run} saw: the body's value or what it threw, and whether the watchdog fired (then
   * {@code overrunNanos} is how long the body ran on past its deadline).
   */
  public record Ran<T>(@Nullable T value, @Nullable Throwable thrown, boolean fired, long overrunNanos) {
    /** Whether the body ran on past its deadline by more than {@link #OVERRUN_TOLERANCE}: it ignored the interrupt. */
    public boolean overran() {
      return fired && overrunNanos > OVERRUN_TOLERANCE.toNanos();
    }
  }

  /**
   * Runs {@code body} on this thread, interrupted if it is still running {@code timeout} from now. Whatever it
   * throws is captured, not rethrown; the interrupt the watchdog sent is cleared; the MDC is put back as it was.
   */
  public <T> Ran<T> run(Duration timeout, WatchedBody<T> body) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    long cap = System.nanoTime() + timeout.toNanos();
    Watch watch = watch(cap);
    T value = null;
    Throwable thrown = null;
    boolean fired;
    try {
      value = body.run(watch);
    } catch (Throwable t) { // as on a handler thread, where the future completes with whatever it was
      thrown = t;
    } finally {
      fired = watch.finish();
      if (mdc == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(mdc);
      }
    }
    return new Ran<>(value, thrown, fired, fired ? System.nanoTime() - cap : 0);
  }

  private void wake() {
    Thread t = thread;
    if (t == null) {
      synchronized (this) {
        if (thread == null) {
          t = new Thread(this::run, "connector-watchdog");
          t.setDaemon(true);
          thread = t;
          t.start();
          return;
        }
        t = thread;
      }
    }
    LockSupport.unpark(t);
  }

  private void run() {
    while (true) {
      long now = System.nanoTime();
      long next = now + IDLE_NANOS;
      for (Watch w : watched) {
        if (w.deadline - now <= 0) {
          w.fire();
          watched.remove(w);
        } else if (w.deadline - next < 0) {
          next = w.deadline;
        }
      }
      nextWake = next;
      // a watch added between the scan and the line above may be earlier than next: look once more
      for (Watch w : watched) {
        if (w.deadline - next < 0) {
          next = w.deadline;
          nextWake = next;
        }
      }
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
      Thread.interrupted(); // nothing interrupts this thread on purpose; never let a stray one spin it
    }
  }

  /** One watched call. Its thread finishes it; the watchdog may fire it once before. */
  public final class Watch implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int FINISHED = 3;
    private final Thread target;
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile boolean fired;

    private Watch(Thread target, long deadline) {
      this.target = Objects.requireNonNull(target, "target");
      this.deadline = deadline;
    }

    /** Whether the deadline passed and the thread was (or is being) interrupted. */
    public boolean fired() {
      return fired;
    }

    private void fire() {
      if (state.compareAndSet(RUNNING, FIRING)) {
        fired = true;
        target.interrupt();
        state.set(FIRED);
      }
    }

    /**
     * Stops watching; call it on the watched thread. If the watchdog fired, the interrupt it sent is cleared
     * from the thread (so it cannot hit whatever the thread does next) and this answers true.
     */
    public boolean finish() {
      if (state.compareAndSet(RUNNING, FINISHED)) {
        watched.remove(this);
        return false;
      }
      if (state.get() == FINISHED) {
        return fired;
      }
      // FIRING: the interrupt is being delivered (microseconds); wait for it, so that it can be cleared
      for (int spins = 0; state.get() == FIRING; spins++) {
        if (spins < 1_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      Thread.interrupted();
      state.set(FINISHED);
      return true;
    }

    @Override
    public void close() {
      finish();
    }
  }
}
