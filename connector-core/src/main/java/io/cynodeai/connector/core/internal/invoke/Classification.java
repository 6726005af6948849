package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A classified attempt failure.
 *
 * @param retryable whether the engine may retry it (transient failures only, §5.2)
 * @param providerFault whether it counts against the instance's circuit breaker
 * @param credentialsRejected whether the provider rejected the instance's credentials
 */
record Classification(
    FailureClass failureClass,
    String code,
    String message,
    @Nullable Integer providerStatus,
    @Nullable Duration retryAfter,
    boolean retryable,
    boolean providerFault,
    boolean credentialsRejected) {

  static Classification transientFault(String code, String message) {
    return new Classification(FailureClass.TRANSIENT, code, message, null, null, true, true, false);
  }

  static Classification permanent(String code, String message) {
    return new Classification(FailureClass.PERMANENT, code, message, null, null, false, false, false);
  }

  Failed toFailed() {
    return new Failed(failureClass, code, message, failureClass.retryable(), providerStatus, retryAfter, List.of());
  }
}
