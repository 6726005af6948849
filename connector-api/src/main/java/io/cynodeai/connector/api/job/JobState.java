package io.cynodeai.connector.api.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The §2.2 states of an async job: {@code pending → running → succeeded | failed | canceled}. */
public enum JobState {
  /** Submitted (or waiting for a retry), not running. */
  PENDING,
  /** Claimed by a worker holding a lease. */
  RUNNING,
  SUCCEEDED,
  /** Failed for good (permanently, or after its last attempt); the job is in the dead-letter store. */
  FAILED,
  CANCELED;

  /** Whether the job is finished and will never change state again (unless a dead letter is requeued). */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
