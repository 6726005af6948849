package io.cynodeai.connector.core.catalog;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a security review records of an untrusted connector bundle's supply-chain checks (REQ-GOV-006/007): the
 * outcome of its {@link BundleScanner scan} and of its {@link DependencyReviewer dependency review}, each with
 * the digest of the bundle it examined. {@link ConnectorCatalog#approve} requires both to be present, passed,
 * and about the same bundle before it approves an untrusted type version. Immutable.
 *
 * @param scan the scan's outcome, or null if none was made
 * @param dependencyReview the dependency review's outcome, or null if none was made
 */
public record SupplyChainEvidence(@Nullable Check scan, @Nullable Check dependencyReview) {

  /**
   * One check's outcome.
   *
   * @param bundleSha256 the SHA-256 of the bundle examined
   * @param passed whether the check passed
   * @param summary the blocking findings or denied items, for the record
   */
  public record Check(String bundleSha256, boolean passed, String summary) {
    public Check {
      Objects.requireNonNull(bundleSha256, "bundleSha256");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /** The evidence of a scan and a dependency review (either may be null when it was not made). */
  public static SupplyChainEvidence of(@Nullable SupplyChainReport scan, @Nullable DependencyReview review) {
    Check s = scan == null ? null : new Check(scan.sha256(), scan.passed(), scan.passed() ? "no blocking finding"
        : "blocking: " + String.join(", ", scan.blocking().stream().map(f -> f.code()
            + (f.entry() == null ? "" : " (" + f.entry() + ")")).toList()));
    Check r = review == null ? null : new Check(review.sha256(), review.passed(), review.passed()
        ? "nothing denied" : "failed: " + String.join(", ", review.items().stream()
            .filter(i -> i.status() == DependencyReview.Status.DENIED
                || (review.unknownFails() && i.status() == DependencyReview.Status.UNKNOWN))
            .map(i -> i.subject() + " " + i.status().name().toLowerCase(java.util.Locale.ROOT)).toList()));
    return new SupplyChainEvidence(s, r);
  }
}
