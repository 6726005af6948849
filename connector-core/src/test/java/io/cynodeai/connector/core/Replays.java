package io.cynodeai.connector.core;

import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.ResponseMetadata;
import io.cynodeai.connector.api.Succeeded;

/** Compares a replayed outcome with the original: the replay mark set aside, they are the same. */
public final class Replays {
  private Replays() {}

  /** {@code outcome} with its metadata's replay mark cleared (failures carry none). */
  public static Outcome unmarked(Outcome outcome) {
    if (!(outcome instanceof Succeeded s)) {
      return outcome;
    }
    ResponseMetadata m = s.response().metadata();
    return new Succeeded(new NormalizedResponse(new ResponseMetadata(m.requestId(), m.correlationId(),
        m.connectorInstanceId(), m.connectorType(), m.connectorTypeVersion(), m.operation(), m.executionMode(),
        m.providerStatusCode(), m.retryCount(), m.durationMs(), m.completedAt()), s.response().data(),
        s.response().warnings(), s.response().redactionsApplied(), s.response().truncated()));
  }

  /** Whether {@code outcome} is a replayed success. */
  public static boolean marked(Outcome outcome) {
    return outcome instanceof Succeeded s && s.response().metadata().replay();
  }
}
