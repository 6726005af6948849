package io.cynodeai.connector.spi.compat;

import java.util.Objects;

/**
 * A place inside one of a connector type's schemas: a scope such as {@code config} or {@code operation
 * readInbox request}, and a JSON Pointer into that schema. Immutable and thread-safe.
 */
record SchemaLocation(String scope, String pointer) {

  SchemaLocation {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(pointer, "pointer");
  }

  static SchemaLocation root(String scope) {
    return new SchemaLocation(scope, "");
  }

  /** The location one pointer token deeper; {@code ~} and {@code /} are escaped as RFC 6901 requires. */
  SchemaLocation child(String token) {
    return new SchemaLocation(scope, pointer + "/" + token.replace("~", "~0").replace("/", "~1"));
  }

  /** The schema of the named property of the object schema here. */
  SchemaLocation property(String name) {
    return child("properties").child(name);
  }

  @Override
  public String toString() {
    return scope + " " + (pointer.isEmpty() ? "/" : pointer);
  }
}
