package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.IdempotencyKey;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.core.InFlightDuplicates;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.codec.Fingerprint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay protection (§2.3). A keyed call claims its key — scoped to the caller's tenant, the instance and
 * the operation — with the canonical fingerprint of its input:
 *
 * <ul>
 *   <li>free: the call runs, and when the rest of the chain answers its outcome is stored (success or
 *       non-retryable failure) or the key released (retryable failure, or the engine failed) so a retry can run;
 *   <li>finished with the same input: the stored outcome is returned without running again (a replay);
 *   <li>held with a different input: {@code validation_error} / {@code idempotency_key_reused};
 *   <li>running: wait for its outcome, or {@code transient} / {@code idempotency_in_flight} at once
 *       ({@link InFlightDuplicates}).
 * </ul>
 *
 * A mutating operation that declares {@code supports_idempotency} refuses a sync call without a key (an
 * async job is itself the deduplicated unit: its key was applied when it was submitted). A store that
 * fails is a transient failure ({@code idempotency_store_unavailable}): the call never runs unprotected.
 */
final class IdempotencyStage implements Interceptor {
  static final int MAX_KEY_LENGTH = 255;
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyStage.class);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final IdempotencyStore store;
  private final EngineSettings.Idempotency settings;

  IdempotencyStage(IdempotencyStore store, EngineSettings.Idempotency settings) {
    this.store = store;
    this.settings = settings;
  }

  /** The tenant an idempotency key is scoped to: the caller's project, or the user when there is none. */
  static String tenant(Caller caller) {
    return caller.projectId() != null ? "project:" + caller.projectId() : "user:" + caller.userId();
  }

  @Override
  public Outcome intercept(Chain chain) {
    Invocation inv = chain.invocation();
    Failed refused = claim(inv);
    if (refused != null) {
      return refused;
    }
    if (inv.replayed != null) {
      return inv.replayed;
    }
    Outcome outcome = null;
    try {
      outcome = chain.proceed();
      return outcome;
    } finally {
      finish(inv, outcome); // null when the rest of the chain threw: the key is released
    }
  }

  /** Claims the call's key: null to run (or replay, {@code inv.replayed} set), else the refusal. */
  private @Nullable Failed claim(Invocation inv) {
    InvocationRequest request = inv.request;
    CompiledOperation op = inv.operation();
    String key = request.idempotencyKey();
    if (key == null) {
      if (op.descriptor().mutating() && op.descriptor().supportsIdempotency()
          && request.mode() == io.cynodeai.connector.api.ExecutionMode.SYNC) {
        return Failed.validation("idempotency_key_required", "operation '" + op.name()
            + "' changes state and supports idempotency: call it with an idempotency key", List.of());
      }
      return null;
    }
    if (key.length() > MAX_KEY_LENGTH) {
      return Failed.validation("invalid_idempotency_key", "the idempotency key is " + key.length()
          + " characters long; at most " + MAX_KEY_LENGTH + " are accepted", List.of());
    }
    IdempotencyKey scoped = new IdempotencyKey(tenant(request.caller()), inv.instance().id(), op.name(), key);
    String fingerprint = Fingerprint.of(request.input());
    Duration lockFor = op.effectiveTimeout().plus(settings.lockSlack());
    long waitUntil = System.nanoTime() + lockFor.toNanos();
    long pause = TimeUnit.MILLISECONDS.toNanos(2);
    while (true) {
      IdempotencyClaim claim;
      try {
        claim = store.claim(scoped, fingerprint, lockFor, settings.ttl());
      } catch (RuntimeException e) {
        LOG.warn("idempotency store failed to claim a key for request {}", request.requestId(), e);
        return Failed.of(FailureClass.TRANSIENT, "idempotency_store_unavailable",
            "the idempotency store is unavailable; the call was not run");
      }
      if (claim instanceof IdempotencyClaim.Acquired acquired) {
        inv.idempotencyKey = scoped;
        inv.idempotencyToken = acquired.token();
        return null;
      }
      if (claim instanceof IdempotencyClaim.Completed completed) {
        // the stored outcome, marked so a host can tell a replay from a call that ran
        inv.replayed = completed.outcome() instanceof Succeeded s ? new Succeeded(new NormalizedResponse(
            s.response().metadata().asReplay(), s.response().data(), s.response().warnings(),
            s.response().redactionsApplied(), s.response().truncated())) : completed.outcome();
        return null;
      }
      if (claim instanceof IdempotencyClaim.Mismatch) {
        return Failed.validation("idempotency_key_reused", "idempotency key reused with different input",
            List.of());
      }
      // In flight.
      if (settings.inFlight() == InFlightDuplicates.REJECT || System.nanoTime() - waitUntil >= 0) {
        return inFlight();
      }
      LockSupport.parkNanos(pause);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return inFlight();
      }
      pause = Math.min(MAX_POLL_NANOS, pause * 2);
    }
  }

  /** Stores or releases the key an invocation acquired, according to its outcome (null: none). Never throws. */
  private void finish(Invocation inv, @Nullable Outcome outcome) {
    IdempotencyKey key = inv.idempotencyKey;
    String token = inv.idempotencyToken;
    if (key == null || token == null) {
      return;
    }
    try {
      if (outcome == null || outcome instanceof Failed f && (f.retryable() || f.code().equals("engine_error"))) {
        store.release(key, token);
      } else if (!store.complete(key, token, outcome)) {
        LOG.warn("idempotency key of request {} was taken over before it finished (its lock of the operation's "
            + "timeout plus slack ran out)", inv.request.requestId());
      }
    } catch (RuntimeException e) {
      LOG.error("idempotency store failed to record the outcome of request {}; the key stays in flight until "
          + "its lock runs out", inv.request.requestId(), e);
    }
  }

  private static Failed inFlight() {
    return new Failed(FailureClass.TRANSIENT, "idempotency_in_flight", "a call with the same idempotency key "
        + "is still in flight; retry later to get its outcome", true, null, Duration.ofSeconds(1), List.of());
  }
}
