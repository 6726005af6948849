package io.cynodeai.connector.traceability;

import java.util.List;

/** The requirements file breaks its format; the message lists every problem with its line. */
public final class RequirementsFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** A failure listing {@code problems}, each already prefixed with its location. */
  public RequirementsFormatException(List<String> problems) {
    super("Malformed requirements file:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, prefixed with {@code file:line}. */
  public List<String> problems() {
    return problems;
  }
}
