package io.cynodeai.connector.core.internal.resilience;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The engine-wide retry cap (§5.2): a token bucket that every original call fills by {@code ratio} tokens
 * and that also refills at {@code minPerSecond}; each retry takes one token. When a provider fails
 * everywhere at once, retries stop at about {@code ratio} of the traffic instead of multiplying it. The
 * scheme is the retry budget of Finagle and gRPC's retry throttling. Thread-safe.
 */
public final class RetryBudget {
  private final double ratio;
  private final double minPerSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  public RetryBudget(double ratio, int minPerSecond, LongSupplier nanoTime) {
    if (ratio < 0 || minPerSecond < 0) {
      throw new IllegalArgumentException("ratio and minPerSecond must be >= 0");
    }
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.capacity = Math.max(1, minPerSecond) + 100 * ratio;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.refilledAt = nanoTime.getAsLong();
  }

  public static RetryBudget of(double ratio, int minPerSecond) {
    return new RetryBudget(ratio, minPerSecond, System::nanoTime);
  }

  /** Records an original (non-retry) call. */
  public synchronized void onCall() {
    refill();
    tokens = Math.min(capacity, tokens + ratio);
  }

  /** Takes a token for one retry; false when the budget is spent and the retry must not happen. */
  public synchronized boolean tryRetry() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    double seconds = (now - refilledAt) / (double) TimeUnit.SECONDS.toNanos(1);
    if (seconds > 0) {
      tokens = Math.min(capacity, tokens + seconds * minPerSecond);
      refilledAt = now;
    }
  }
}
