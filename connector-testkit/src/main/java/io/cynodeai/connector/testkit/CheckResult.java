package io.cynodeai.connector.testkit;

import java.util.Objects;

/**
 * The verdict of one certification check. Immutable, so thread-safe.
 *
 * @param name what was checked, as a sentence fragment naming the operation and example where there is one
 *     ({@code echo: example 'hello' succeeds})
 * @param category the kind of check
 * @param passed whether the connector met the expectation
 * @param detail what was expected and what happened; may span several lines
 */
public record CheckResult(String name, CheckCategory category, boolean passed, String detail) {

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(detail, "detail");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
  }

  /** A passed check. */
  public static CheckResult pass(CheckCategory category, String name, String detail) {
    return new CheckResult(name, category, true, detail);
  }

  /** A failed check. */
  public static CheckResult fail(CheckCategory category, String name, String detail) {
    return new CheckResult(name, category, false, detail);
  }
}
