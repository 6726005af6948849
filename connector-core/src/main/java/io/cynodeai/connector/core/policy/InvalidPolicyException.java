package io.cynodeai.connector.core.policy;

import io.cynodeai.connector.api.ConnectorException;
import java.util.List;

/**
 * A policy document, template or instance binding was refused when loaded. The message lists every problem
 * with its location ({@code rules[2].effect: must be 'allow' or 'deny'}); nothing of the document was
 * applied.
 */
public final class InvalidPolicyException extends ConnectorException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidPolicyException(String source, List<String> problems) {
    super("invalid policy " + source + ": " + problems.size() + " problem(s): " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidPolicyException(String source, String problem, Throwable cause) {
    super("invalid policy " + source + ": " + problem, cause);
    this.problems = List.of(problem);
  }

  /** Each problem, located. */
  public List<String> problems() {
    return problems;
  }
}
