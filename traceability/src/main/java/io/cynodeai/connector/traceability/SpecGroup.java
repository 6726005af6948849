package io.cynodeai.connector.traceability;

import java.util.List;
import java.util.Objects;

/**
 * One Spec ID of the requirements file (a {@code ## Name (CODE)} heading) and its requirements, in file order.
 * Immutable and thread-safe.
 *
 * @param name the Spec ID, for example {@code ExecutionModel}
 * @param code the code its requirement IDs carry, for example {@code EXEC}
 * @param requirements the requirements of its table
 */
public record SpecGroup(String name, String code, List<Requirement> requirements) {
  public SpecGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(code, "code");
    requirements = List.copyOf(requirements);
  }
}
