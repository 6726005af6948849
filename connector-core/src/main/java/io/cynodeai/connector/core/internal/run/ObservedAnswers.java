package io.cynodeai.connector.core.internal.run;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A call's answers that also end its observed scope with how the call came out: codes, classes and the
 * provider's status only, never a message the connector wrote (it may quote the provider or a secret).
 */
final class ObservedAnswers<T, R> implements ConnectorCalls.Answers<T, R> {
  private final ObservedScope scope;
  private final ConnectorCalls.Answers<T, R> answers;

  ObservedAnswers(ObservedScope scope, ConnectorCalls.Answers<T, R> answers) {
    this.scope = scope;
    this.answers = answers;
  }

  @Override
  public R returned(@Nullable T value, UnaryOperator<String> scrub) {
    R answer = answers.returned(value, scrub);
    scope.end(answers.observedFailure(answer), null, 0);
    return answer;
  }

  @Override
  public R threw(Throwable cause, UnaryOperator<String> scrub) {
    R answer = answers.threw(cause, scrub);
    scope.end(failure(cause), cause instanceof ProviderException p ? p.providerStatus() : null, 0);
    return answer;
  }

  @Override
  public R timedOut(Duration timeout) {
    R answer = answers.timedOut(timeout);
    scope.end(Failed.of(FailureClass.TRANSIENT, "timeout", "timeout"), null, 0);
    return answer;
  }

  @Override
  public R interrupted() {
    R answer = answers.interrupted();
    scope.end(Failed.of(FailureClass.TRANSIENT, "interrupted", "interrupted"), null, 0);
    return answer;
  }

  private static Failed failure(Throwable cause) {
    if (CallFailures.egressDenial(cause) != null) {
      return Failed.of(FailureClass.POLICY_DENIED, "egress_denied", "egress_denied");
    }
    if (cause instanceof ProviderException p) {
      boolean retryable = switch (p.kind()) {
        case TRANSIENT, RATE_LIMITED -> true;
        case PERMANENT, AUTH_REJECTED -> false;
        case STATUS -> p.providerStatus() != null && (p.providerStatus() >= 500 || p.providerStatus() == 429);
      };
      return Failed.of(retryable ? FailureClass.TRANSIENT : FailureClass.PERMANENT, p.code(), p.code());
    }
    // the exception's class, as the semantic conventions' error.type asks; its message stays out
    return Failed.of(FailureClass.PERMANENT, cause.getClass().getName(), cause.getClass().getSimpleName());
  }
}
