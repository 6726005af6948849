package io.cynodeai.connector.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock tests move by hand; it stands still otherwise. Thread-safe. */
public final class MovableClock extends Clock {
  public volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  public ZoneId getZone() {
    return ZoneId.of("UTC");
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
