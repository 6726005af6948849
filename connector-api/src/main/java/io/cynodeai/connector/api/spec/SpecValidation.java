package io.cynodeai.connector.api.spec;

import java.util.List;

/**
 * The result of validating a submission: the parsed specs when every document is valid, otherwise every
 * problem found (in which case {@code specs} is empty).
 */
public record SpecValidation(List<ConnectorSpec> specs, List<SpecProblem> problems) {
  public SpecValidation {
    specs = List.copyOf(specs);
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }
}
