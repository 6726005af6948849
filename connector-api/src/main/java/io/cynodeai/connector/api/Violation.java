package io.cynodeai.connector.api;

import java.util.Objects;

/**
 * One reason a document was refused, located by a JSON Pointer (RFC 6901) into that document; the empty
 * pointer {@code ""} is the document itself.
 */
public record Violation(String pointer, String message) {
  public Violation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
