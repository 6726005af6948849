package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import java.util.List;

/** The refusals the spec layer answers with, built one way everywhere. Stateless. */
public final class SpecOutcomes {
  private SpecOutcomes() {}

  /** A submission that failed validation: {@code validation_error} / {@code invalid_spec}, every problem listed. */
  public static SpecOutcome.Refused invalid(List<SpecProblem> problems) {
    return new SpecOutcome.Refused(Failed.validation("invalid_spec", problems.size()
        + " problem(s): " + problems, violations(problems)), problems);
  }

  /** Valid documents refused before anything was written; {@code policy_denied} if any problem is a denial. */
  static SpecOutcome.Refused refused(List<SpecProblem> problems) {
    boolean denied = problems.stream().anyMatch(p -> p.code().equals("policy_denied"));
    String code = denied ? "policy_denied" : problems.get(0).code();
    Failed failed = new Failed(denied ? FailureClass.POLICY_DENIED : FailureClass.VALIDATION_ERROR, code,
        problems.size() + " problem(s): " + problems, false, null, null, violations(problems));
    return new SpecOutcome.Refused(failed, problems);
  }

  /** One refusal, located at a document of the submission (0 when there is one, or none). */
  public static SpecOutcome.Refused rejected(int document, Failed failed) {
    return new SpecOutcome.Refused(failed, List.of(new SpecProblem(document, "", failed.code(), failed.message(),
        0, 0)));
  }

  private static List<Violation> violations(List<SpecProblem> problems) {
    return problems.stream().map(p -> new Violation(p.pointer(), "document " + p.document() + ": " + p.message()))
        .toList();
  }
}
