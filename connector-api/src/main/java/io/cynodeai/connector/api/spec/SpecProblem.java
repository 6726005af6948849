package io.cynodeai.connector.api.spec;

import java.util.Objects;

/**
 * One reason a submission was refused.
 *
 * @param document the 0-based index of the document in its source (0 for a single document)
 * @param pointer a JSON Pointer into that document ({@code /spec/config/port}); "" for the document itself
 * @param code a stable code ({@code unknown_field}, {@code schema_violation}, {@code plain_secret},
 *     {@code malformed}, {@code conflict}, ...)
 * @param message a human-readable explanation that never quotes a secret
 * @param line the 1-based line in the source, or 0 when unknown
 * @param column the 1-based column in the source, or 0 when unknown
 */
public record SpecProblem(int document, String pointer, String code, String message, int line, int column) {
  public SpecProblem {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
    return "document " + document + " " + (pointer.isEmpty() ? "/" : pointer) + where + ": " + message + " ["
        + code + "]";
  }
}
