package io.cynodeai.connector.core.internal.run;

import io.cynodeai.connector.core.egress.EgressDeniedException;
import org.jspecify.annotations.Nullable;

/** What every kind of connector call reads the same way out of what the connector threw. */
public final class CallFailures {
  private static final int MAX_DEPTH = 32;

  private CallFailures() {}

  /**
   * The egress guard's refusal anywhere in {@code thrown}'s cause chain (a connector may have wrapped it), or
   * null. Its message names hosts, never secrets, so it may be passed on.
   */
  public static @Nullable EgressDeniedException egressDenial(Throwable thrown) {
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof EgressDeniedException e) {
        return e;
      }
    }
    return null;
  }
}
