package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.core.observe.ObservedScope;
import org.jspecify.annotations.Nullable;

/**
 * The observed attempt whose handler runs on this thread, for the guarded HTTP client to ask for the headers it
 * adds to outgoing requests. Set by the code that runs a handler, on the handler's own thread, around that
 * handler only; unset (no cost) when no observer is wired. Thread-safe (one value per thread).
 */
public final class CurrentAttempt {
  private static final ThreadLocal<@Nullable ObservedScope> CURRENT = new ThreadLocal<>();

  private CurrentAttempt() {}

  /** The attempt running on this thread, or null. */
  public static @Nullable ObservedScope get() {
    return CURRENT.get();
  }

  /** Makes {@code scope} current on this thread and answers the previous one, to give to {@link #restore}. */
  public static @Nullable ObservedScope set(@Nullable ObservedScope scope) {
    ObservedScope previous = CURRENT.get();
    if (scope != previous) {
      CURRENT.set(scope);
    }
    return previous;
  }

  /** Puts back what {@link #set} answered. */
  public static void restore(@Nullable ObservedScope previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
