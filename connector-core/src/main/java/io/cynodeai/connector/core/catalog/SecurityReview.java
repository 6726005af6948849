package io.cynodeai.connector.core.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded security review of a connector type version (§13): who reviewed it, when, the verdict and the
 * reviewer's notes. A type version can be approved only when its latest review passed, and a reviewer never
 * reviews their own submission. Immutable.
 *
 * @param reviewer the reviewing user (differs from the submitter)
 * @param reviewedAt when the review was recorded
 * @param verdict passed or failed
 * @param notes the reviewer's findings (required when the review failed)
 */
public record SecurityReview(String reviewer, Instant reviewedAt, Verdict verdict, String notes) {
  /** A review's result. */
  public enum Verdict {
    PASSED,
    FAILED
  }

  public SecurityReview {
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(reviewedAt, "reviewedAt");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(notes, "notes");
  }

  public boolean passed() {
    return verdict == Verdict.PASSED;
  }
}
