package io.cynodeai.connector.traceability;

import java.util.Objects;

/**
 * One row of a requirements table. Immutable and thread-safe.
 *
 * @param id the requirement ID, {@code REQ-<CODE>-<NNN>}
 * @param text what is required
 * @param section the specification sections it comes from, as written (for example {@code §2.1.1})
 * @param status whether it is implemented or planned
 * @param line the 1-based line of the row in the requirements file
 */
public record Requirement(String id, String text, String section, Status status, int line) {
  public Requirement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(status, "status");
  }
}
