package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a connector's handler to inject one simulated fault before delegating to it, and counts the attempts
 * the engine makes. Thread-safe.
 */
final class FaultInjectingHandler implements OperationHandler {
  static final String TRANSIENT_CODE = "simulated_transient";
  static final String PERMANENT_CODE = "simulated_permanent";

  /** What to do before delegating. */
  enum Fault {
    /** Nothing: delegate at once. */
    NONE,
    /** Throw a transient provider failure on every attempt. */
    TRANSIENT_ALWAYS,
    /** Throw a transient provider failure on the first attempt only. */
    TRANSIENT_ONCE,
    /** Throw a permanent provider failure. */
    PERMANENT,
    /** Sleep for the pause, then delegate (a pause past the timeout is a hung provider). */
    PAUSE
  }

  private final OperationHandler delegate;
  private final Fault fault;
  private final Duration pause;
  private final AtomicInteger attempts = new AtomicInteger();

  FaultInjectingHandler(OperationHandler delegate, Fault fault, Duration pause) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.fault = Objects.requireNonNull(fault, "fault");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  FaultInjectingHandler(OperationHandler delegate, Fault fault) {
    this(delegate, fault, Duration.ZERO);
  }

  /** How many times the engine has called this handler. */
  int attempts() {
    return attempts.get();
  }

  @Override
  public HandlerResult handle(OperationContext context, JsonNode input) throws Exception {
    int attempt = attempts.incrementAndGet();
    switch (fault) {
      case TRANSIENT_ALWAYS:
        throw transientFailure(attempt);
      case TRANSIENT_ONCE:
        if (attempt == 1) {
          throw transientFailure(attempt);
        }
        break;
      case PERMANENT:
        throw ProviderException.permanentFailure(PERMANENT_CODE, "simulated permanent failure", null);
      case PAUSE:
        Thread.sleep(pause.toMillis());
        break;
      case NONE:
      default:
        break;
    }
    return delegate.handle(context, input);
  }

  private static ProviderException transientFailure(int attempt) {
    return ProviderException.transientFailure(TRANSIENT_CODE, "simulated transient failure on attempt " + attempt,
        null);
  }
}
