package io.cynodeai.connector.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The longest one store call made by the current thread may take: the engine binds the timeout of the call
 * it is serving ({@link #bind}) and the JDBC stores bound connection acquisition and every statement by it,
 * whatever the connection pool's own settings, so a call meets a database outage as a typed failure within
 * its own timeout. A thread with nothing bound (job workers, pollers, admin calls such as {@code
 * jobs().get}) gets {@link #DEFAULT}. Per thread; thread-safe.
 */
public final class StoreTimeout {
  /** The bound of store calls made outside a call with a timeout of its own: the length of a job lease. */
  public static final Duration DEFAULT = Duration.ofSeconds(5);

  /** The longest bound a call binds, however long its operation may run (an async job's, say). */
  public static final Duration CAP = Duration.ofSeconds(30);

  private static final long DEFAULT_NANOS = DEFAULT.toNanos();
  private static final ThreadLocal<long[]> BOUND = ThreadLocal.withInitial(() -> new long[1]);

  private StoreTimeout() {}

  /** The bound for a store call made now on this thread, in nanoseconds. */
  public static long nanos() {
    long bound = BOUND.get()[0];
    return bound > 0 ? bound : DEFAULT_NANOS;
  }

  /**
   * Binds {@code timeout} to this thread's store calls until the returned scope is closed, which restores the
   * previous bound (scopes nest).
   */
  public static Scope bind(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long[] slot = BOUND.get();
    long previous = slot[0];
    slot[0] = Math.max(1, timeout.toNanos());
    return () -> slot[0] = previous;
  }

  /**
   * Narrows the bound of the innermost scope (the call's operation is now known); the scope restores it. Does
   * nothing outside a scope.
   */
  public static void narrow(Duration timeout) {
    long[] slot = BOUND.get();
    long nanos = Math.max(1, timeout.toNanos());
    if (slot[0] > 0 && nanos < slot[0]) {
      slot[0] = nanos;
    }
  }

  /** A bound in force; closing it restores the one before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
