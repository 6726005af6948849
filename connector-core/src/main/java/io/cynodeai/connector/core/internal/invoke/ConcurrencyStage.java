package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.core.internal.resilience.ConcurrencyGuard;

/**
 * Holds a concurrency slot of the instance and of the engine (§14) while the rest of the chain runs, and gives
 * it back however the call ends. A refused call is {@code quota_exceeded}.
 */
final class ConcurrencyStage implements Interceptor {
  private final ConcurrencyGuard guard;

  ConcurrencyStage(ConcurrencyGuard guard) {
    this.guard = guard;
  }

  @Override
  public Outcome intercept(Chain chain) {
    ConcurrencyGuard.Admission admission = guard.admit(chain.invocation().instance());
    if (admission instanceof ConcurrencyGuard.Admission.Refused refused) {
      return refused.failure();
    }
    try (ConcurrencyGuard.Permit permit = ((ConcurrencyGuard.Admission.Admitted) admission).permit()) {
      return chain.proceed();
    }
  }
}
