package io.cynodeai.connector.api.instance;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Refusal;
import java.util.Objects;
import java.util.Optional;

/** What a lifecycle request came to: the instance as it now is, or a classified refusal. */
public sealed interface LifecycleOutcome {

  /**
   * The change was applied; {@code instance} is the stored result. A change that runs the health check
   * ({@code enable}, {@code check}) is applied even when the check fails: then {@link #unhealthy()} says why
   * the instance cannot serve calls.
   */
  record Applied(ConnectorInstance instance) implements LifecycleOutcome {
    public Applied {
      Objects.requireNonNull(instance, "instance");
    }

    /**
     * Why the stored instance cannot serve calls although the change was applied: its health check left it
     * {@code error} ({@code health_check_failed}, transient) or {@code credential_expired} (the provider rejected
     * the credentials, permanent), with the check's reason. Empty for any other status.
     */
    public Optional<Failed> unhealthy() {
      InstanceStatus status = instance.status();
      if (status != InstanceStatus.ERROR && status != InstanceStatus.CREDENTIAL_EXPIRED) {
        return Optional.empty();
      }
      InstanceError error = instance.lastError();
      String reason = error == null ? "the health check failed" : error.message();
      return Optional.of(status == InstanceStatus.CREDENTIAL_EXPIRED
          ? Failed.of(FailureClass.PERMANENT, "credential_expired", "connector instance '" + instance.id()
              + "' is credential_expired: the provider rejected its credentials (" + reason + ")")
          : Failed.of(FailureClass.TRANSIENT, "health_check_failed", "connector instance '" + instance.id()
              + "' is in error: " + reason));
    }
  }

  /** The change was refused and nothing was written. */
  record Refused(Failed failure) implements LifecycleOutcome, Refusal {
    public Refused {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
