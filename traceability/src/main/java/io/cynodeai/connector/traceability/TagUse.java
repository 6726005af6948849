package io.cynodeai.connector.traceability;

import java.util.Objects;

/**
 * One {@code @Tag("REQ-...")} found in a test source. Immutable and thread-safe.
 *
 * @param requirementId the tag's value, which may name no known requirement
 * @param test the test method or class the tag is on
 * @param file the source file, relative to the repository root, with {@code /} separators
 * @param line the 1-based line of the tag
 */
public record TagUse(String requirementId, TestRef test, String file, int line) {
  public TagUse {
    Objects.requireNonNull(requirementId, "requirementId");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(file, "file");
  }

  /** {@code file:line}. */
  public String location() {
    return file + ":" + line;
  }
}
