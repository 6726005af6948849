package io.cynodeai.connector.testkit;

import java.util.List;
import java.util.Objects;

/**
 * The verdict of one certification check. Immutable, so thread-safe.
 *
 * @param name what was checked, as a sentence fragment naming the operation and example where there is one
 *     ({@code echo: example 'hello' succeeds})
 * @param category the kind of check
 * @param passed whether the connector met the expectation
 * @param detail what was expected and what happened; may span several lines
 * @param paths how the check called the operation ({@link CallPath#SYNC}, {@link CallPath#ASYNC}); empty for a
 *     check that called none (descriptor and schema checks)
 */
public record CheckResult(String name, CheckCategory category, boolean passed, String detail, List<CallPath> paths) {
  static final String NOT_APPLICABLE = "not applicable: ";

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(detail, "detail");
    paths = List.copyOf(paths);
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
  }

  /** A check that called no operation. */
  public CheckResult(String name, CheckCategory category, boolean passed, String detail) {
    this(name, category, passed, detail, List.of());
  }

  /** This check, covering {@code covered} paths. */
  public CheckResult on(CallPath... covered) {
    return new CheckResult(name, category, passed, detail, List.of(covered));
  }

  /** The name with the paths it covered, as the report and the dynamic tests show it: {@code name [sync]}. */
  public String displayName() {
    return paths.isEmpty() ? name
        : name + " [" + String.join(", ", paths.stream().map(CallPath::label).toList()) + "]";
  }

  /** A passed check. */
  public static CheckResult pass(CheckCategory category, String name, String detail) {
    return new CheckResult(name, category, true, detail);
  }

  /**
   * A check that does not apply to this connector: it counts as passed, its detail is {@code not applicable:
   * <reason>}, and the report shows it as {@code N/A}.
   */
  public static CheckResult notApplicable(CheckCategory category, String name, String reason) {
    return new CheckResult(name, category, true, NOT_APPLICABLE + reason);
  }

  /** Whether this check did not apply (see {@link #notApplicable}). */
  public boolean applicable() {
    return !(passed && detail.startsWith(NOT_APPLICABLE));
  }

  /** A failed check. */
  public static CheckResult fail(CheckCategory category, String name, String detail) {
    return new CheckResult(name, category, false, detail);
  }
}
