package io.cynodeai.connector.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, for state that offers no notification to wait on. */
final class Await {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private Await() {}

  /**
   * Returns once {@code condition} holds, checking every millisecond for at most 10 s.
   *
   * @throws AssertionError naming {@code what} if it does not hold by then
   */
  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(1); // polling with a deadline: the condition has no notification
    }
  }

  /** Waits until {@code thread} is parked (with a timeout) inside a method of {@code className}. */
  static void parkedIn(Thread thread, String className, String method) throws InterruptedException {
    until(thread.getName() + " to wait in " + className + "." + method, () ->
        thread.getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getStackTrace())
            .anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method)));
  }
}
