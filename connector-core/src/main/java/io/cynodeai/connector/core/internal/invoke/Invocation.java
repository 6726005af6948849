package io.cynodeai.connector.core.internal.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.spi.HandlerResult;
import org.jspecify.annotations.Nullable;

/**
 * What one invocation learns as it moves through the chain, and what its record (audit event, health fields)
 * is made of. Confined to the invoking thread, except the
 * attempt counter and provider status, which handler threads write before the caller's future completes.
 */
final class Invocation {
  final InvocationRequest request;
  final long startNanos;
  /** The observer's scope of this invocation; the parent of its attempts. */
  ObservedScope scope = ObservedScope.NONE;
  @Nullable ConnectorInstance instance;
  @Nullable RegisteredType type;
  @Nullable CompiledOperation operation;
  @Nullable String policyDecision;
  /** The catalog's deprecation warning for the type version, added to the response's warnings. */
  @Nullable String catalogWarning;
  volatile int attempts;
  volatile @Nullable Integer providerStatus;
  @Nullable HandlerResult result;
  @Nullable NormalizedResponse response;
  boolean credentialsRejected;
  boolean providerFault;
  boolean boundaryRefused;
  /** The key this invocation holds, once claimed, and its claim token. */
  @Nullable IdempotencyKey idempotencyKey;
  @Nullable String idempotencyToken;
  /** What the watchdog found, when a handler on the caller's thread ran on past its interrupt; else null. */
  @Nullable String watchdog;
  /** The stored outcome of an earlier call with the same key and input; set instead of running. */
  @Nullable Outcome replayed;

  Invocation(InvocationRequest request, long startNanos) {
    this.request = request;
    this.startNanos = startNanos;
  }

  ConnectorInstance instance() {
    if (instance == null) {
      throw new IllegalStateException("instance not resolved");
    }
    return instance;
  }

  RegisteredType type() {
    if (type == null) {
      throw new IllegalStateException("type not resolved");
    }
    return type;
  }

  CompiledOperation operation() {
    if (operation == null) {
      throw new IllegalStateException("operation not resolved");
    }
    return operation;
  }

  JsonNode input() {
    return request.input();
  }

  int retryCount() {
    return Math.max(0, attempts - 1);
  }
}
