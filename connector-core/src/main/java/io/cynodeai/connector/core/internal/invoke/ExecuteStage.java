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

/**
 * Runs the handler under Failsafe (§2.1.1, §5): a timeout over the whole call (the operation's cap, itself
 * capped by the engine's sync cap) with interruption, inside it retries of transient failures only with
 * exponential backoff and jitter (a provider's Retry-After wins when it is longer), each retry paid from the
 * engine-wide {@link RetryBudget}; every attempt is reported to the instance's circuit breaker. The handler
 * runs on a handler thread, so the caller gets its answer at the cap even if the handler never returns.
 */
final class ExecuteStage implements Stage {
  private final ExecutorService handlerThreads;
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
    CompletableFuture<HandlerResult> future = Failsafe
        .with(retryPolicy(op, deadline))
        .with(handlerThreads)
        .getAsync(ctx -> attempt(ctx, inv, op, breaker, deadline, net, creds));
    try {
      // The bounded wait enforces the cap: at the deadline the execution is cancelled, which interrupts the
      // handler and stops further retries. (A Failsafe Timeout policy would be cooperative — it waits for the
      // handler to stop — and schedules a timer task per call, doubling the cost of the thread handoff.)
      inv.result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      future.cancel(true);
      breaker.recordFailure();
      inv.providerFault = true;
      return Classification.transientFault("timeout", "the operation did not complete within its timeout of "
          + timeout.toMillis() + " ms").toFailed();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return Classification.transientFault("interrupted", "the calling thread was interrupted").toFailed();
    } catch (ExecutionException e) {
      Classification c = FailureClassifier.classify(e, op.descriptor().retryPolicy());
      if (c.code().equals("timeout") && !(e.getCause() instanceof AttemptFailure)) {
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
  }

  private static Failed scrubbed(Failed failed, CredentialVault.Scope creds) {
    String message = creds.scrub(failed.message());
    return message.equals(failed.message()) ? failed : new Failed(failed.failureClass(), failed.code(), message,
        failed.retryable(), failed.providerStatus(), failed.retryAfter(), failed.violations());
  }

  private HandlerResult attempt(ExecutionContext<HandlerResult> ctx, Invocation inv, CompiledOperation op,
      CircuitBreaker<Object> breaker, Instant deadline, NetworkAccess net, CredentialAccess creds) {
    int attempt = ctx.getAttemptCount() + 1;
    inv.attempts = attempt;
    ObservedScope observed = inv.scope.attempt(attempt); // the parent handed over explicitly, not per thread
    if (observed == ObservedScope.NONE) {
      return attempt(ctx, inv, op, breaker, deadline, net, creds, attempt);
    }
    ObservedScope previous = CurrentAttempt.set(observed);
    try {
      HandlerResult result = attempt(ctx, inv, op, breaker, deadline, net, creds, attempt);
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

  private HandlerResult attempt(ExecutionContext<HandlerResult> ctx, Invocation inv, CompiledOperation op,
      CircuitBreaker<Object> breaker, Instant deadline, NetworkAccess net, CredentialAccess creds, int attempt) {
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
      if (!ctx.isCancelled()) {
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

  /** A retry after a 429 waits for the provider's reset itself, so jitter never shortens a Retry-After. */
  private void awaitQuotaReset(String instanceId, Instant deadline) {
    Failed refused = quota.awaitProvider(instanceId, Duration.between(clock.instant(), deadline), deadline);
    if (refused != null) {
      throw new AttemptFailure(new Classification(refused.failureClass(), refused.code(), refused.message(), null,
          refused.retryAfter(), false, false, false));
    }
  }

  private RetryPolicy<HandlerResult> retryPolicy(CompiledOperation op, Instant deadline) {
    io.cynodeai.connector.spi.RetryPolicy declared = op.descriptor().retryPolicy();
    RetryPolicyBuilder<HandlerResult> builder = RetryPolicy.<HandlerResult>builder()
        .handleIf((r, e) -> e instanceof AttemptFailure f && f.classification().retryable())
        .abortIf((r, e) -> e instanceof AttemptFailure f && f.classification().retryable()
            && (waitsPastDeadline(f, deadline) || !budget.tryRetry()))
        .withMaxRetries(op.maxRetries());
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
