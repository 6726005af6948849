package io.cynodeai.connector.core.internal.invoke;

import dev.failsafe.FailsafeException;
import dev.failsafe.TimeoutExceededException;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.credentials.CredentialUnavailableException;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.internal.run.CallFailures;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps whatever a handler threw to a §5.1 class. Messages of unexpected exceptions are not passed on, since
 * they may quote provider responses or credentials: the caller sees the exception type only.
 */
final class FailureClassifier {
  private FailureClassifier() {}

  static Classification classify(Throwable thrown, RetryPolicy retry) {
    Throwable t = unwrap(thrown);
    if (t instanceof AttemptFailure af) {
      return af.classification();
    }
    EgressDeniedException denied = CallFailures.egressDenial(thrown);
    if (denied != null) {
      return new Classification(FailureClass.POLICY_DENIED, "egress_denied", denied.getMessage(), null, null,
          false, false, false);
    }
    if (t instanceof CredentialUnavailableException cu) {
      return Classification.permanent("credential_unavailable", cu.getMessage());
    }
    if (t instanceof ProviderException pe) {
      return classifyProvider(pe, retry);
    }
    if (t instanceof TimeoutExceededException || t instanceof HttpTimeoutException
        || t instanceof InterruptedIOException || t instanceof InterruptedException) {
      return Classification.transientFault("timeout", "the operation did not complete within its timeout");
    }
    if (t instanceof IOException) {
      return Classification.transientFault("network_error", "network failure (" + t.getClass().getSimpleName() + ")");
    }
    return Classification.permanent("handler_error", "the connector failed (" + t.getClass().getName() + ")");
  }

  private static Classification classifyProvider(ProviderException pe, RetryPolicy retry) {
    Integer status = pe.providerStatus();
    switch (pe.kind()) {
      case STATUS: {
        boolean transientStatus = status != null && retry.retryableStatusCodes().contains(status);
        return new Classification(transientStatus ? FailureClass.TRANSIENT : FailureClass.PERMANENT, pe.code(),
            pe.getMessage(), status, null, transientStatus, transientStatus, false);
      }
      case TRANSIENT:
        return new Classification(FailureClass.TRANSIENT, pe.code(), pe.getMessage(), status, null, true, true, false);
      case RATE_LIMITED:
        return new Classification(FailureClass.QUOTA_EXCEEDED, pe.code(), pe.getMessage(), status, pe.retryAfter(),
            true, false, false);
      case AUTH_REJECTED:
        return new Classification(FailureClass.PERMANENT, pe.code(), pe.getMessage(), status, null, false, false, true);
      case PERMANENT:
      default:
        return new Classification(FailureClass.PERMANENT, pe.code(), pe.getMessage(), status, null, false, false, false);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException
        || current instanceof FailsafeException || current instanceof UncheckedIOException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
