package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.core.internal.resilience.ConcurrencyGuard;
import org.jspecify.annotations.Nullable;

/**
 * Takes a concurrency slot of the instance and of the engine (§14) before the handler runs; the pipeline
 * gives it back when the invocation ends. A refused call is {@code quota_exceeded}.
 */
final class ConcurrencyStage implements Stage {
  private final ConcurrencyGuard guard;

  ConcurrencyStage(ConcurrencyGuard guard) {
    this.guard = guard;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    ConcurrencyGuard.Admission admission = guard.admit(inv.instance());
    if (admission instanceof ConcurrencyGuard.Admission.Refused refused) {
      return refused.failure();
    }
    inv.permit = ((ConcurrencyGuard.Admission.Admitted) admission).permit();
    return null;
  }
}
