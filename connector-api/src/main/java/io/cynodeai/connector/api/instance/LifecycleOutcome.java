package io.cynodeai.connector.api.instance;

import io.cynodeai.connector.api.Failed;
import java.util.Objects;

/** What a lifecycle request came to: the instance as it now is, or a classified refusal. */
public sealed interface LifecycleOutcome {

  /** The change was applied; {@code instance} is the stored result. */
  record Applied(ConnectorInstance instance) implements LifecycleOutcome {
    public Applied {
      Objects.requireNonNull(instance, "instance");
    }
  }

  /** The change was refused and nothing was written. */
  record Rejected(Failed failure) implements LifecycleOutcome {
    public Rejected {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
