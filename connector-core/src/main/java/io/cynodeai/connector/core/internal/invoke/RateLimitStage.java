package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.core.internal.ratelimit.QuotaGate;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** Applies rate limits and the provider's quota state (§6) before the handler runs. */
final class RateLimitStage implements Stage {
  private final QuotaGate gate;
  private final Clock clock;

  RateLimitStage(QuotaGate gate, Clock clock) {
    this.gate = gate;
    this.clock = clock;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    return gate.admit(inv.instance(), inv.request.caller().userId(), inv.request.caller().projectId(),
        clock.instant().plus(inv.operation().effectiveTimeout()));
  }
}
