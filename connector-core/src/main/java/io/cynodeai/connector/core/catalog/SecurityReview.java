package io.cynodeai.connector.core.catalog;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recorded security review of a connector type version (§13): who reviewed it, when, the verdict and the
 * reviewer's notes. A type version can be approved only when its latest review passed, and a reviewer never
 * reviews their own submission. For an untrusted (bundle or sandboxed) type the review also carries the
 * {@link SupplyChainEvidence} of its supply-chain scan and dependency review, which approval requires to have
 * passed. Immutable.
 *
 * @param reviewer the reviewing user (differs from the submitter)
 * @param reviewedAt when the review was recorded
 * @param verdict passed or failed
 * @param notes the reviewer's findings (required when the review failed)
 * @param supplyChain the scan and dependency review outcomes recorded with it, or null
 */
public record SecurityReview(String reviewer, Instant reviewedAt, Verdict verdict, String notes,
    @Nullable SupplyChainEvidence supplyChain) {
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

  /** A review without supply-chain evidence (enough for a trusted, in-process type). */
  public SecurityReview(String reviewer, Instant reviewedAt, Verdict verdict, String notes) {
    this(reviewer, reviewedAt, verdict, notes, null);
  }

  public boolean passed() {
    return verdict == Verdict.PASSED;
  }
}
