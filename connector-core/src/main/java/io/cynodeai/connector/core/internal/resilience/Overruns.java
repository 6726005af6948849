package io.cynodeai.connector.core.internal.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Connector code declared interruptible that ran on past the watchdog's interrupt ({@link Watchdog.Ran#overran}):
 * whoever runs it keeps it on handler threads from then on. One per engine; the code is held weakly and by
 * identity (an operation's descriptor, a webhook source), so a type version that is gone leaves no entry behind.
 * Thread-safe.
 */
public final class Overruns {
  private final Cache<Object, Boolean> flagged = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

  /** Whether {@code code} overran its interrupt before. */
  public boolean flagged(Object code) {
    return flagged.getIfPresent(code) != null;
  }

  /** Records that {@code code} overran its interrupt. */
  public void flag(Object code) {
    flagged.put(code, Boolean.TRUE);
  }
}
