package io.cynodeai.connector.api.spec;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Refusal;
import java.util.List;
import java.util.Objects;

/** What an apply or delete came to: every change made, or a refusal with nothing applied. */
public sealed interface SpecOutcome {

  /** The submission was applied; one change per spec, in document order, and each spec's status after. */
  record Applied(List<SpecChange> changes, List<SpecStatus> statuses) implements SpecOutcome {
    public Applied {
      changes = List.copyOf(changes);
      statuses = List.copyOf(statuses);
    }
  }

  /** The submission was refused and nothing was applied; {@code problems} locates every reason. */
  record Refused(Failed failure, List<SpecProblem> problems) implements SpecOutcome, Refusal {
    public Refused {
      Objects.requireNonNull(failure, "failure");
      problems = List.copyOf(problems);
    }
  }
}
