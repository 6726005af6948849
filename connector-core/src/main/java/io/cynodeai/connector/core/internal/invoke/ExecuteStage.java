package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.core.internal.CurrentAttempt;
import io.cynodeai.connector.core.observe.ObservedScope;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.normalize.NestingLimit;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.internal.context.AttemptContext;
import io.cynodeai.connector.core.internal.ratelimit.QuotaGate;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.resilience.RetryBudget;
import io.cynodeai.connector.core.internal.resilience.Overruns;
import io.cynodeai.connector.core.internal.resilience.Watchdog;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler under Failsafe (§2.1.1, §5): a timeout over the whole call (the operation's cap, itself
 * capped by the engine's sync cap) with interruption, inside it retries of transient failures only with
 * exponential backoff and jitter (a provider's Retry-After wins when it is longer), each retry paid from the
 * engine-wide {@link RetryBudget}; every attempt is reported to the instance's circuit breaker.
 *
 * <p>Where the handler runs: an operation declared {@link io.cynodeai.connector.spi.OperationDescriptor#interruptible()}
 * runs on the caller's thread, watched by the shared {@link Watchdog}, which interrupts it at the cap (no
 * hand-off, no context switch). Every other operation runs on a handler thread, so the caller gets its answer
 * at the cap even if the handler never returns. An interruptible handler that runs on for more than
 * {@link #OVERRUN_TOLERANCE} past its interrupt is flagged on the call's audit event and logged, and its
 * operation runs on handler threads from then on (for the life of the engine). Both paths share the attempt,
 * the retry policy, the breaker accounting and the answers, so a call behaves the same on either.
 */
final class ExecuteStage implements Stage {
  /** How long an interrupted handler on the caller's thread may take to give up before it is flagged. */
  static final Duration OVERRUN_TOLERANCE = Watchdog.OVERRUN_TOLERANCE;
  private static final Logger LOG = LoggerFactory.getLogger(ExecuteStage.class);
  private final ExecutorService handlerThreads;
  private final Watchdog watchdog = Watchdog.shared();
  /** Interruptible operations (by descriptor) whose handler overran its interrupt: isolated from then on. */
  private final Overruns isolated = new Overruns();
  private final InstanceBreakers breakers;
  private final InstanceBreakers.HealthProbe probe;
  private final RetryBudget budget;
  private final Clock clock;
  private final Function<ConnectorInstance, NetworkAccess> network;
  private final Function<ConnectorInstance, CredentialVault.Scope> credentials;
  private final QuotaGate quota;

  ExecuteStage(ExecutorService handlerThreads, InstanceBreakers breakers, InstanceBreakers.HealthProbe probe,
      RetryBudget budget, Clock clock, Function<ConnectorInstance, NetworkAccess> network,
      Function<ConnectorInstance, CredentialVault.Scope> credentials, QuotaGate quota) {
    this.handlerThreads = handlerThreads;
    this.breakers = breakers;
    this.probe = probe;
    this.budget = budget;
    this.clock = clock;
    this.network = network;
    this.credentials = credentials;
    this.quota = quota;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    ConnectorInstance instance = inv.instance();
    Failed refused = breakers.admit(instance, probe);
    if (refused != null) {
      return refused;
    }
    CompiledOperation op = inv.operation();
    CircuitBreaker<Object> breaker = breakers.breaker(instance.id());
    budget.onCall();
    Duration timeout = op.effectiveTimeout();
    Instant deadline = clock.instant().plus(timeout);
    NetworkAccess net = network.apply(instance);
    // credentials are decrypted only inside this stage, and wiped when it ends, however it ends (§8)
    try (CredentialVault.Scope creds = credentials.apply(instance)) {
      Failed failed = execute(inv, op, breaker, timeout, deadline, net, creds);
      if (failed == null && inv.result != null) {
        failed = NestingLimit.check(inv.result); // before anything walks the tree
        inv.result = failed == null ? ResultScrubber.scrub(inv.result, creds) : null;
      }
      return failed == null ? null : scrubbed(failed, creds);
    }
  }

  private @Nullable Failed execute(Invocation inv, CompiledOperation op, CircuitBreaker<Object> breaker,
      Duration timeout, Instant deadline, NetworkAccess net, CredentialAccess creds) {
    if (op.descriptor().interruptible() && !isolated.flagged(op.descriptor())) {
      return onCallerThread(inv, op, breaker, timeout, deadline, net, creds);
    }
    CompletableFuture<HandlerResult> future = Failsafe
        .with(retryPolicy(op, deadline, null))
        .with(handlerThreads)
        .getAsync(ctx -> attempt(ctx, null, inv, op, breaker, deadline, net, creds));
    try {
      // The bounded wait enforces the cap: at the deadline the execution is cancelled, which interrupts the
      // handler and stops further retries. (A Failsafe Timeout policy would be cooperative — it waits for the
      // handler to stop — and schedules a timer task per call, doubling the cost of the thread handoff.)
      inv.result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      future.cancel(true);
      return timedOut(inv, breaker, timeout);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return callerInterrupted();
    } catch (ExecutionException e) {
      return failed(inv, op, breaker, e, e.getCause());
    }
  }

  /**
   * The fast path: the attempts run here, on the caller's thread, and the watchdog interrupts them at the cap.
   * The caller's answer is the same as on a handler thread, except that it comes when the handler gives up:
   * at the cap for a handler that honours the interrupt, later for one that does not (which is then flagged
   * and isolated). Thread-locals the engine sets are restored, and the MDC is put back as it was.
   */
  private @Nullable Failed onCallerThread(Invocation inv, CompiledOperation op, CircuitBreaker<Object> breaker,
      Duration timeout, Instant deadline, NetworkAccess net, CredentialAccess creds) {
    if (Thread.currentThread().isInterrupted()) {
      return callerInterrupted();
    }
    Watchdog.Ran<HandlerResult> ran = watchdog.run(timeout, watch -> Failsafe.with(retryPolicy(op, deadline, watch))
        .get(ctx -> attempt(ctx, watch, inv, op, breaker, deadline, net, creds)));
    if (ran.fired()) {
      if (ran.overran()) {
        isolate(inv, op, ran.overrunNanos());
      }
      return timedOut(inv, breaker, timeout);
    }
    if (Thread.currentThread().isInterrupted()) {
      return callerInterrupted(); // the host interrupted the caller: the same answer as when it waits
    }
    if (ran.thrown() != null) {
      return failed(inv, op, breaker, ran.thrown(), ran.thrown());
    }
    inv.result = ran.value();
    return null;
  }

  private void isolate(Invocation inv, CompiledOperation op, long overrunNanos) {
    isolated.flag(op.descriptor());
    long ms = TimeUnit.NANOSECONDS.toMillis(overrunNanos);
    inv.watchdog = "the handler ran " + ms + " ms past its timeout although interrupted; operation '" + op.name()
        + "' now runs on handler threads";
    LOG.warn("connector type {}: the handler of operation '{}' ignored the interrupt at its timeout and ran {} ms "
        + "longer (request {}); it is declared interruptible but does not honour interruption, so it now runs "
        + "on handler threads", inv.type().name(), op.name(), ms, inv.request.requestId());
  }

  private static Failed timedOut(Invocation inv, CircuitBreaker<Object> breaker, Duration timeout) {
    breaker.recordFailure();
    inv.providerFault = true;
    return Classification.transientFault("timeout", "the operation did not complete within its timeout of "
        + timeout.toMillis() + " ms").toFailed();
  }

  private static Failed callerInterrupted() {
    return Classification.transientFault("interrupted", "the calling thread was interrupted").toFailed();
  }

  /** What the attempts ended with; {@code cause} is {@code thrown} itself or what it wraps. */
  private static Failed failed(Invocation inv, CompiledOperation op, CircuitBreaker<Object> breaker,
      Throwable thrown, @Nullable Throwable cause) {
    Classification c = FailureClassifier.classify(thrown, op.descriptor().retryPolicy());
    if (c.code().equals("timeout") && !(cause instanceof AttemptFailure)) {
      breaker.recordFailure();
      inv.providerFault = true;
    }
    inv.credentialsRejected = c.credentialsRejected();
    inv.providerFault |= c.providerFault();
    if (c.providerStatus() != null) {
      inv.providerStatus = c.providerStatus();
    }
    return c.toFailed();
  }

  private static Failed scrubbed(Failed failed, CredentialVault.Scope creds) {
    String message = creds.scrub(failed.message());
    return message.equals(failed.message()) ? failed : new Failed(failed.failureClass(), failed.code(), message,
        failed.retryable(), failed.providerStatus(), failed.retryAfter(), failed.violations());
  }

  /** One attempt; {@code watch} is the watchdog's watch on the fast path, null on a handler thread. */
  private HandlerResult attempt(ExecutionContext<HandlerResult> ctx, Watchdog.@Nullable Watch watch,
      Invocation inv, CompiledOperation op, CircuitBreaker<Object> breaker, Instant deadline, NetworkAccess net,
      CredentialAccess creds) {
    int attempt = ctx.getAttemptCount() + 1;
    inv.attempts = attempt;
    ObservedScope observed = inv.scope.attempt(attempt); // the parent handed over explicitly, not per thread
    if (observed == ObservedScope.NONE) {
      return attempt(ctx, watch, inv, op, breaker, deadline, net, creds, attempt);
    }
    ObservedScope previous = CurrentAttempt.set(observed);
    try {
      HandlerResult result = attempt(ctx, watch, inv, op, breaker, deadline, net, creds, attempt);
      observed.end(null, result != null ? result.providerStatus() : null, attempt - 1);
      return result;
    } catch (AttemptFailure f) {
      Classification c = f.classification();
      observed.end(c.toFailed(), c.providerStatus(), attempt - 1);
      throw f;
    } catch (RuntimeException | Error e) {
      observed.end(Classification.permanent("handler_error", e.getClass().getSimpleName()).toFailed(), null,
          attempt - 1);
      throw e;
    } finally {
      CurrentAttempt.restore(previous);
    }
  }

  private HandlerResult attempt(ExecutionContext<HandlerResult> ctx, Watchdog.@Nullable Watch watch,
      Invocation inv, CompiledOperation op, CircuitBreaker<Object> breaker, Instant deadline, NetworkAccess net,
      CredentialAccess creds, int attempt) {
    if (attempt > 1 && !breaker.isClosed()) {
      throw new AttemptFailure(Classification.permanent("circuit_open",
          "the instance's circuit breaker opened during retries"));
    }
    if (attempt > 1) {
      awaitQuotaReset(inv.instance().id(), deadline);
    }
    InvocationRequest request = inv.request;
    AttemptContext context = new AttemptContext(inv.instance().id(), inv.instance().config(), clock,
        System.getLogger("io.cynodeai.connector.type." + inv.type().name()), deadline, creds,
        net, request.requestId(), request.correlationId(), op.name(), request.mode(), attempt,
        ProviderKeys.of(request));
    HandlerResult result;
    try {
      result = ActingUser.as(request.caller().userId(), () -> op.handler().handle(context, request.input()));
    } catch (Throwable t) {
      if (t instanceof Error && !(t instanceof StackOverflowError)) {
        throw (Error) t;
      }
      Classification c = FailureClassifier.classify(t, op.descriptor().retryPolicy());
      if (c.failureClass() == FailureClass.QUOTA_EXCEEDED) {
        quota.providerRateLimited(inv.instance().id(), c.retryAfter());
      }
      if (watch != null && !watch.fired() && interruptedBy(t)) {
        // on the caller's thread, the host's interrupt reached the handler itself: keep it for the caller's
        // answer, and count the attempt as cancelled, as a handler thread's would be
        Thread.currentThread().interrupt();
      } else if (!ctx.isCancelled() && (watch == null || !watch.fired())) { // a cut-off attempt: the timeout
        if (c.providerFault()) {
          breaker.recordFailure();
        } else {
          breaker.recordSuccess();
        }
      }
      if (c.providerStatus() != null) {
        inv.providerStatus = c.providerStatus();
      }
      throw new AttemptFailure(c);
    }
    breaker.recordSuccess();
    if (result != null && result.providerStatus() != null) {
      inv.providerStatus = result.providerStatus();
    }
    if (result != null && result.quotaReset() != null) {
      // the provider's quota is used up although this call succeeded: hold the next calls as after a 429
      quota.providerRateLimited(inv.instance().id(), result.quotaReset());
    }
    return result;
  }

  private static boolean interruptedBy(Throwable t) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    Throwable cause = t;
    for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /** A retry after a 429 waits for the provider's reset itself, so jitter never shortens a Retry-After. */
  private void awaitQuotaReset(String instanceId, Instant deadline) {
    Failed refused = quota.awaitProvider(instanceId, Duration.between(clock.instant(), deadline), deadline);
    if (refused != null) {
      throw new AttemptFailure(new Classification(refused.failureClass(), refused.code(), refused.message(), null,
          refused.retryAfter(), false, false, false));
    }
  }

  private RetryPolicy<HandlerResult> retryPolicy(CompiledOperation op, Instant deadline,
      Watchdog.@Nullable Watch watch) {
    io.cynodeai.connector.spi.RetryPolicy declared = op.descriptor().retryPolicy();
    RetryPolicyBuilder<HandlerResult> builder = RetryPolicy.<HandlerResult>builder()
        .handleIf((r, e) -> e instanceof AttemptFailure f && f.classification().retryable())
        .abortIf((r, e) -> e instanceof AttemptFailure f && f.classification().retryable()
            && (waitsPastDeadline(f, deadline) || !budget.tryRetry()))
        .withMaxRetries(op.maxRetries());
    if (watch != null) {
      // at the cap or on the host's interrupt: no further attempt, as when a handler thread's future is cancelled
      builder.abortIf((r, e) -> watch.fired() || Thread.currentThread().isInterrupted());
    }
    if (op.maxRetries() > 0) {
      if (declared.maxDelay().compareTo(declared.initialDelay()) > 0) {
        builder.withBackoff(declared.initialDelay(), declared.maxDelay());
      } else {
        builder.withDelay(declared.initialDelay());
      }
      if (declared.jitterFactor() > 0) {
        builder.withJitter(declared.jitterFactor());
      }
      double jitter = declared.jitterFactor();
      builder.withDelayFn(ctx -> retryAfter(ctx.getLastException(), jitter));
    }
    return builder.build();
  }

  /** A Retry-After beyond the deadline cannot be honoured: answer now, with the hint, instead of timing out. */
  private boolean waitsPastDeadline(AttemptFailure f, Instant deadline) {
    Duration wait = f.classification().retryAfter();
    return wait != null && clock.instant().plus(wait).isAfter(deadline);
  }

  /**
   * The provider's Retry-After, if the last failure carried one; a negative delay means "use the backoff".
   * Failsafe applies jitter to this delay too, so it is scaled up to keep Retry-After a minimum.
   */
  private static Duration retryAfter(@Nullable Throwable last, double jitter) {
    if (last instanceof AttemptFailure f && f.classification().retryAfter() != null) {
      Duration hint = f.classification().retryAfter();
      return jitter > 0 ? Duration.ofNanos((long) Math.ceil(hint.toNanos() / (1 - jitter))) : hint;
    }
    return Duration.ofMillis(-1);
  }
}
