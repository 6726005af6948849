package io.cynodeai.connector.traceability;

import java.util.Locale;
import java.util.Optional;

/** A requirement's delivery status, as written in the {@code Status} column. Immutable and thread-safe. */
public enum Status {
  /** The library does it, and at least one test must prove it. */
  IMPLEMENTED,
  /** Not done yet; tests may already name it. */
  PLANNED;

  /** The status as written in the requirements table. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status written as {@code text} (exact, lower case), if it is one. */
  public static Optional<Status> fromLabel(String text) {
    for (Status status : values()) {
      if (status.label().equals(text)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
