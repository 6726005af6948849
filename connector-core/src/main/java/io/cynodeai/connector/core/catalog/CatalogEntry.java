package io.cynodeai.connector.core.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One connector type version in the {@link ConnectorCatalog}: its approval state (submitted, then approved or
 * rejected, with who, when and why), its security reviews, and its lifecycle (active, deprecated with a sunset
 * date and replacement, retired). Immutable; the catalog replaces entries as they change.
 *
 * @param connectorType the type name
 * @param version the type version
 * @param approval where the version is in the approval workflow
 * @param submittedBy who submitted it
 * @param submittedAt when
 * @param reviews its security reviews, oldest first
 * @param decision the approval or rejection, once made
 * @param lifecycle active, deprecated or retired (meaningful once approved)
 * @param deprecation the deprecation, once deprecated
 * @param retirement who retired it and when, once retired
 * @param untrusted whether the type is untrusted (a bundle or sandboxed connector): approving it then also
 *     requires a passed supply-chain scan and dependency review
 */
public record CatalogEntry(String connectorType, String version, Approval approval, String submittedBy,
    Instant submittedAt, List<SecurityReview> reviews, @Nullable Decision decision, Lifecycle lifecycle,
    @Nullable Deprecation deprecation, @Nullable Decision retirement, boolean untrusted) {

  /** The approval workflow: submitted, then approved or rejected. */
  public enum Approval {
    SUBMITTED,
    APPROVED,
    REJECTED
  }

  /** The deprecation lifecycle of an approved version. */
  public enum Lifecycle {
    ACTIVE,
    DEPRECATED,
    RETIRED
  }

  /** Who decided, when, and why. */
  public record Decision(String by, Instant at, String reason) {
    public Decision {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A deprecation: the version stops being offered on {@code sunset}, and {@code replacement} (a {@code
   * name@version}, optional) takes its place.
   */
  public record Deprecation(LocalDate sunset, @Nullable String replacement, String by, Instant at) {
    public Deprecation {
      Objects.requireNonNull(sunset, "sunset");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
    }
  }

  public CatalogEntry {
    Objects.requireNonNull(connectorType, "connectorType");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(approval, "approval");
    Objects.requireNonNull(submittedBy, "submittedBy");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(lifecycle, "lifecycle");
    reviews = List.copyOf(reviews);
    if (lifecycle == Lifecycle.DEPRECATED && deprecation == null) {
      throw new IllegalArgumentException("a deprecated entry has a deprecation");
    }
  }

  /** A freshly submitted version. */
  public static CatalogEntry submitted(String type, String version, String by, Instant at) {
    return submitted(type, version, by, at, false);
  }

  /** A freshly submitted version, trusted or not. */
  public static CatalogEntry submitted(String type, String version, String by, Instant at, boolean untrusted) {
    return new CatalogEntry(type, version, Approval.SUBMITTED, by, at, List.of(), null, Lifecycle.ACTIVE, null,
        null, untrusted);
  }

  /** {@code name@version}. */
  public String coordinates() {
    return connectorType + "@" + version;
  }

  /** The most recent security review, or null. */
  public @Nullable SecurityReview latestReview() {
    return reviews.isEmpty() ? null : reviews.get(reviews.size() - 1);
  }

  /**
   * The warning every response of a deprecated version carries, e.g. {@code connector type x@1 is deprecated;
   * use y@2; sunset 2027-03-01}; null unless deprecated.
   */
  public @Nullable String deprecationWarning() {
    if (lifecycle != Lifecycle.DEPRECATED || deprecation == null) {
      return null;
    }
    return "connector type " + coordinates() + " is deprecated"
        + (deprecation.replacement() == null ? "" : "; use " + deprecation.replacement())
        + "; sunset " + deprecation.sunset();
  }

  CatalogEntry withReview(SecurityReview review) {
    List<SecurityReview> next = new ArrayList<>(reviews);
    next.add(review);
    return new CatalogEntry(connectorType, version, approval, submittedBy, submittedAt, next, decision, lifecycle,
        deprecation, retirement, untrusted);
  }

  CatalogEntry decided(Approval state, Decision made) {
    return new CatalogEntry(connectorType, version, state, submittedBy, submittedAt, reviews, made, lifecycle,
        deprecation, retirement, untrusted);
  }

  CatalogEntry deprecated(Deprecation d) {
    return new CatalogEntry(connectorType, version, approval, submittedBy, submittedAt, reviews, decision,
        Lifecycle.DEPRECATED, d, retirement, untrusted);
  }

  CatalogEntry retired(Decision r) {
    return new CatalogEntry(connectorType, version, approval, submittedBy, submittedAt, reviews, decision,
        Lifecycle.RETIRED, deprecation, r, untrusted);
  }
}
