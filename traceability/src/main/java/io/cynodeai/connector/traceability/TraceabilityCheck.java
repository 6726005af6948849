package io.cynodeai.connector.traceability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches requirements to the tags found in tests: an implemented requirement needs at least one test, and every
 * tag must name a requirement of the document. Planned requirements may have tests or not. Stateless and
 * thread-safe.
 */
public final class TraceabilityCheck {

  /** Matches {@code document} against {@code tags}. */
  public CheckResult check(RequirementsDocument document, List<TagUse> tags) {
    Map<String, TreeSet<TestRef>> tests = new LinkedHashMap<>();
    for (Requirement requirement : document.requirements()) {
      tests.put(requirement.id(), new TreeSet<>());
    }
    List<TagUse> unknown = new ArrayList<>();
    for (TagUse tag : tags) {
      TreeSet<TestRef> known = tests.get(tag.requirementId());
      if (known == null) {
        unknown.add(tag);
      } else {
        known.add(tag.test());
      }
    }
    List<Requirement> untested = document.requirements().stream()
        .filter(r -> r.status() == Status.IMPLEMENTED && tests.get(r.id()).isEmpty())
        .toList();
    Map<String, List<TestRef>> testsById = new LinkedHashMap<>();
    tests.forEach((id, refs) -> testsById.put(id, List.copyOf(refs)));
    return new CheckResult(document, testsById, untested, unknown);
  }
}
