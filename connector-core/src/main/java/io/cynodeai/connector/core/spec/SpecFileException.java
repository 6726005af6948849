package io.cynodeai.connector.core.spec;

import io.cynodeai.connector.api.spec.SpecProblem;
import java.io.IOException;

/**
 * A spec file that cannot be read as spec text: not UTF-8 ({@code not_utf8}, at the line and column of the
 * first malformed byte) or longer than the submission cap ({@code too_large}, where the cap is crossed; the rest
 * of the file is not read). Carries the problem to report with the file's name.
 */
public final class SpecFileException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String origin;
  private final transient SpecProblem problem;

  public SpecFileException(String origin, SpecProblem problem) {
    super(origin + ":" + problem.line() + ":" + problem.column() + ": " + problem.message() + " [" + problem.code()
        + "]");
    this.origin = origin;
    this.problem = problem;
  }

  /** The file's name, as the source would have been named. */
  public String origin() {
    return origin;
  }

  public SpecProblem problem() {
    return problem;
  }
}
