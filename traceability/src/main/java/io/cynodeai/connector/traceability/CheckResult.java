package io.cynodeai.connector.traceability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The requirements matched against the tests that name them. Immutable and thread-safe.
 *
 * @param document the requirements
 * @param testsById for every requirement ID in the document, the distinct tests naming it, sorted
 * @param untestedImplemented requirements marked implemented that no test names, in file order
 * @param unknownTags tags naming a requirement ID the document does not have, by file and line
 */
public record CheckResult(
    RequirementsDocument document,
    Map<String, List<TestRef>> testsById,
    List<Requirement> untestedImplemented,
    List<TagUse> unknownTags) {

  public CheckResult {
    Objects.requireNonNull(document, "document");
    Map<String, List<TestRef>> copy = new LinkedHashMap<>();
    testsById.forEach((id, tests) -> copy.put(id, List.copyOf(tests)));
    testsById = Collections.unmodifiableMap(copy);
    untestedImplemented = List.copyOf(untestedImplemented);
    unknownTags = List.copyOf(unknownTags);
  }

  /** Whether every implemented requirement has a test and every tag names a known requirement. */
  public boolean passed() {
    return untestedImplemented.isEmpty() && unknownTags.isEmpty();
  }

  /** The tests naming requirement {@code id}; empty if none do. */
  public List<TestRef> tests(String id) {
    return testsById.getOrDefault(id, List.of());
  }

  /** How many requirements have status {@code status}. */
  public long count(Status status) {
    return document.requirements().stream().filter(r -> r.status() == status).count();
  }

  /** How many requirements have status {@code status} and at least one test. */
  public long countWithTests(Status status) {
    return document.requirements().stream()
        .filter(r -> r.status() == status && !tests(r.id()).isEmpty())
        .count();
  }
}
