package io.cynodeai.connector.traceability;

import java.util.List;
import java.util.Optional;

/**
 * The parsed requirements file: its Spec IDs in file order. Immutable and thread-safe.
 *
 * @param groups the Spec IDs and their requirements
 */
public record RequirementsDocument(List<SpecGroup> groups) {
  public RequirementsDocument {
    groups = List.copyOf(groups);
  }

  /** Every requirement, in file order. */
  public List<Requirement> requirements() {
    return groups.stream().flatMap(group -> group.requirements().stream()).toList();
  }

  /** The requirement with this ID, if the file has it. */
  public Optional<Requirement> find(String id) {
    return requirements().stream().filter(requirement -> requirement.id().equals(id)).findFirst();
  }
}
