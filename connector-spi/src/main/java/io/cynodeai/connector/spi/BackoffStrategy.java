package io.cynodeai.connector.spi;

/** How retry delays grow. The engine only accepts {@link #EXPONENTIAL} for operations that retry (§5.2). */
public enum BackoffStrategy {
  EXPONENTIAL,
  FIXED
}
