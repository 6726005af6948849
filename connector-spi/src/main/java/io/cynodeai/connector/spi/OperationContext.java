package io.cynodeai.connector.spi;

import io.cynodeai.connector.api.ExecutionMode;
import org.jspecify.annotations.Nullable;

/** The {@link ConnectorContext} of one operation attempt. */
public interface OperationContext extends ConnectorContext {

  String requestId();

  String correlationId();

  /** The operation being run. */
  String operation();

  ExecutionMode executionMode();

  /** 1 for the first attempt, 2 for the first retry, and so on. */
  int attempt();

  /**
   * A key for a provider that deduplicates requests (an {@code Idempotency-Key} header, a client token): the
   * same for every attempt of one logical request, so a provider sees a retry, or a job run again after its node
   * died, as the same request. Derived, never the caller's key itself: a digest of the caller's tenant, the
   * instance, the operation and the caller's idempotency key for a keyed call; of the job for a job (stable
   * across its attempts and re-runs). Null for a synchronous call without an idempotency key. Opaque, 32 hex
   * characters.
   */
  default @Nullable String idempotencyKey() {
    return null;
  }
}
