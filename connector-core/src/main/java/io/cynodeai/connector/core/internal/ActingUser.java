package io.cynodeai.connector.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Who the work on this thread is done for, so events raised deep inside it (an egress denial, a health check)
 * name the acting user: the caller's user id while a handler runs for a call, {@link #SYSTEM} for work the
 * engine starts itself (credential rotations, circuit probes, retention) and wherever none was set. Set by the
 * code that hands work to a handler thread, around that work only. Thread-safe (one value per thread).
 */
public final class ActingUser {
  /** The acting user of work the engine starts on its own. */
  public static final String SYSTEM = "system";
  private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

  private ActingUser() {}

  /** Work that may throw. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  /** The acting user on this thread, or {@link #SYSTEM}. */
  public static String current() {
    String user = CURRENT.get();
    return user != null ? user : SYSTEM;
  }

  /** Runs {@code work} on this thread as {@code user} ({@link #SYSTEM} when null), then restores the previous. */
  public static <T> T as(@Nullable String user, Work<T> work) throws Exception {
    String previous = CURRENT.get();
    CURRENT.set(user != null ? user : SYSTEM);
    try {
      return work.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
