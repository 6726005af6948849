package io.cynodeai.connector.core.catalog;

import java.util.List;
import java.util.Objects;

/**
 * The result of a dependency review of a connector bundle ({@link DependencyReviewer}, REQ-GOV-007): every
 * embedded dependency (from {@code META-INF/maven/**}{@code /pom.properties}) and every class root no dependency
 * or own package explains, each approved, denied or unknown with the reason. It {@link #passed() passed} when
 * nothing is denied and, if the policy requires known dependencies, nothing is unknown. Immutable.
 *
 * @param bundle the reviewed file's name
 * @param sha256 the SHA-256 of the bundle's bytes (empty when unreadable)
 * @param items the reviewed dependencies and class roots
 * @param unknownFails whether unknown items fail the review (the policy's {@code requireKnown})
 */
public record DependencyReview(String bundle, String sha256, List<Item> items, boolean unknownFails) {
  /** What the policy says about an item. */
  public enum Status {
    APPROVED,
    DENIED,
    UNKNOWN
  }

  /** Where an item comes from. */
  public enum Kind {
    /** Declared by a {@code pom.properties}. */
    DECLARED,
    /** Classes under a package root that no declared dependency or own package explains. */
    UNIDENTIFIED_CLASSES,
    /** The bundle could not be read. */
    UNREADABLE
  }

  /**
   * One reviewed item.
   *
   * @param subject {@code group:artifact:version}, or the package root for unidentified classes
   * @param kind declared, unidentified classes or unreadable
   * @param status approved, denied or unknown
   * @param reason which rule decided, or why none did
   */
  public record Item(String subject, Kind kind, Status status, String reason) {
    public Item {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public DependencyReview {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(sha256, "sha256");
    items = List.copyOf(items);
  }

  /** True when nothing is denied and (if required) nothing is unknown. */
  public boolean passed() {
    return items.stream().noneMatch(i -> i.status() == Status.DENIED
        || (unknownFails && i.status() == Status.UNKNOWN));
  }

  /** The items with {@code status}. */
  public List<Item> withStatus(Status status) {
    return items.stream().filter(i -> i.status() == status).toList();
  }
}
