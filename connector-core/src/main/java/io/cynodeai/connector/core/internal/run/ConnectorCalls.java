package io.cynodeai.connector.core.internal.run;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.core.internal.CurrentAttempt;
import io.cynodeai.connector.core.internal.context.SimpleConnectorContext;
import io.cynodeai.connector.core.internal.resilience.Overruns;
import io.cynodeai.connector.core.internal.resilience.Watchdog;
import io.cynodeai.connector.core.observe.ConnectorCall;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way connector code other than an operation's handler runs (health checks, polls, webhook parsing,
 * provider subscription calls): on a handler thread, as the acting user, with the instance's credential scope
 * open only for the call (or no credentials, when the {@link Kind} declares none), bounded by a timeout after
 * which the thread is interrupted and the caller answered. What the code returned or threw is turned into the
 * caller's answer while the scope is still open, so every text it carries can be scrubbed of the secrets the
 * call leased (§8). Operation handlers take the same road through the invocation pipeline's execute stage,
 * which adds retries and the circuit breaker around each attempt. Thread-safe.
 */
public final class ConnectorCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorCalls.class);

  /** The kinds of connector code the engine runs outside an operation, and what each is given. */
  public enum Kind {
    /** {@code HealthCheck.check}: the instance's credentials, to prove them. */
    HEALTH_CHECK("health check", true),
    /** {@code PollingSource.poll}: the instance's credentials. */
    POLL("poll", true),
    /** {@code WebhookSource.parse}: no credentials; the body was verified by the engine before. */
    WEBHOOK_PARSE("webhook parse", false),
    /** {@code SubscriptionLifecycle} calls at the provider: the instance's credentials. */
    SUBSCRIPTION("provider subscription call", true);

    private final String label;
    private final boolean leasesCredentials;

    Kind(String label, boolean leasesCredentials) {
      this.label = label;
      this.leasesCredentials = leasesCredentials;
    }

    /** How messages name a call of this kind ("poll timed out after ..."). */
    public String label() {
      return label;
    }

    /** Whether the call may lease the instance's credentials. */
    public boolean leasesCredentials() {
      return leasesCredentials;
    }
  }

  /** The connector code to run, given the call's context. */
  @FunctionalInterface
  public interface Body<T> {
    @Nullable T call(ConnectorContext context) throws Exception;
  }

  /**
   * How a kind of call turns what happened into its caller's answer. Each method runs while the call's
   * credential scope is still open; {@code scrub} removes every secret the call leased from a text.
   */
  public interface Answers<T, R> {
    /** The code returned {@code value} (possibly null) in time. */
    R returned(@Nullable T value, UnaryOperator<String> scrub);

    /** The code threw {@code cause}. */
    R threw(Throwable cause, UnaryOperator<String> scrub);

    /** The code did not return within {@code timeout}; it was interrupted. */
    R timedOut(Duration timeout);

    /** The waiting thread was interrupted (its interrupt flag is set again), or the engine is shutting down. */
    R interrupted();

    /**
     * How the answer to a value the code returned reads for an observer: the failure it stands for (a health
     * check that answered "unhealthy"), or null (the default: the call succeeded). Only ids and codes, no text.
     */
    default @Nullable Failed observedFailure(R answer) {
      return null;
    }
  }

  /**
   * What an observer is told of a call: its kind, the webhook subscription it is for (or null), and the observed
   * work it is part of (or null).
   */
  public record Observed(ConnectorCall call, @Nullable String subscription, @Nullable ObservedScope parent) {
    public Observed {
      Objects.requireNonNull(call, "call");
    }

    /** A call that is part of no observed work and for no subscription. */
    public static Observed of(ConnectorCall call) {
      return new Observed(call, null, null);
    }
  }

  private final ExecutorService threads;
  private final Clock clock;
  private final Function<ConnectorInstance, NetworkAccess> network;
  private final Function<ConnectorInstance, CredentialVault.Scope> credentials;
  private final EngineObserver observer;
  /** Connector objects declared interruptible whose code overran its interrupt: on handler threads from then on. */
  private final Overruns overran = new Overruns();

  public ConnectorCalls(ExecutorService threads, Clock clock, Function<ConnectorInstance, NetworkAccess> network,
      Function<ConnectorInstance, CredentialVault.Scope> credentials, EngineObserver observer) {
    this.threads = Objects.requireNonNull(threads, "threads");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.network = Objects.requireNonNull(network, "network");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /**
   * Runs {@code body} as {@link #run(Kind, ConnectorInstance, String, Duration, Body, Answers)} does, observed:
   * the engine's observer starts a scope for the call (ended with how it came out), and while the code runs
   * that scope's headers go out on the guarded HTTP client's requests.
   *
   * @throws io.cynodeai.connector.core.credentials.CredentialUnavailableException as the unobserved run
   */
  public <T, R> R run(Kind kind, ConnectorInstance instance, String actor, Duration timeout, Observed observed,
      Body<T> body, Answers<T, R> answers) {
    return run(kind, instance, actor, timeout, observed, null, body, answers);
  }

  /**
   * Runs {@code body} as {@link #run(Kind, ConnectorInstance, String, Duration, Observed, Body, Answers)} does;
   * when {@code interruptible} is not null, on the caller's thread instead of a handler thread.
   *
   * @param interruptible the connector object whose code {@code body} runs, when it declares that its code
   *     honours interruption (returns or throws promptly when interrupted); null to run on a handler thread.
   *     The shared {@link Watchdog} interrupts the code at {@code timeout} and the caller gets {@link
   *     Answers#timedOut} as soon as it gives up. Code that runs on more than {@link Watchdog#OVERRUN_TOLERANCE}
   *     past the interrupt is logged, and that object's calls run on handler threads from then on.
   */
  public <T, R> R run(Kind kind, ConnectorInstance instance, String actor, Duration timeout, Observed observed,
      @Nullable Object interruptible, Body<T> body, Answers<T, R> answers) {
    ObservedScope scope = observer.connectorCall(observed.call(), instance.id(), observed.subscription(),
        observed.parent());
    if (scope == ObservedScope.NONE) {
      return execute(kind, instance, actor, timeout, interruptible, body, answers);
    }
    Body<T> current = context -> {
      ObservedScope previous = CurrentAttempt.set(scope);
      try {
        return body.call(context);
      } finally {
        CurrentAttempt.restore(previous);
      }
    };
    try {
      return execute(kind, instance, actor, timeout, interruptible, current, new ObservedAnswers<>(scope, answers));
    } catch (RuntimeException | Error e) { // unavailable credentials, or the caller's answer failed
      scope.end(Failed.of(FailureClass.PERMANENT, e.getClass().getName(), e.getClass().getSimpleName()), null, 0);
      throw e;
    }
  }

  /**
   * Runs {@code body} for {@code instance} as {@code actor}, bounded by {@code timeout}, and answers through
   * {@code answers}.
   *
   * @throws io.cynodeai.connector.core.credentials.CredentialUnavailableException when the kind leases
   *     credentials and the instance's secret references cannot be resolved (before any connector code runs)
   */
  public <T, R> R run(Kind kind, ConnectorInstance instance, String actor, Duration timeout, Body<T> body,
      Answers<T, R> answers) {
    return execute(kind, instance, actor, timeout, null, body, answers);
  }

  private <T, R> R execute(Kind kind, ConnectorInstance instance, String actor, Duration timeout,
      @Nullable Object interruptible, Body<T> body, Answers<T, R> answers) {
    try (CredentialVault.Scope scope = kind.leasesCredentials() ? credentials.apply(instance)
        : CredentialVault.none()) {
      UnaryOperator<String> scrub = scope::scrub;
      ConnectorContext context = new SimpleConnectorContext(instance.id(), instance.config(), clock,
          System.getLogger("io.cynodeai.connector.type." + instance.connectorType()), clock.instant().plus(timeout),
          scope, network.apply(instance));
      if (interruptible != null && !overran.flagged(interruptible)) {
        return onCallerThread(kind, instance, interruptible, actor, timeout, context, body, answers, scrub);
      }
      Future<T> future;
      try {
        future = threads.submit(() -> ActingUser.as(actor, () -> body.call(context)));
      } catch (RejectedExecutionException e) {
        return answers.interrupted(); // the engine is closing
      }
      try {
        return answers.returned(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS), scrub);
      } catch (TimeoutException e) {
        future.cancel(true);
        return answers.timedOut(timeout);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        return answers.interrupted();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return answers.threw(cause, scrub);
      }
    }
  }

  /**
   * Runs {@code body} on this thread, watched by the shared {@link Watchdog}: the same answers as on a handler
   * thread, without the two context switches of the hand-off. The MDC is put back as it was.
   */
  private <T, R> R onCallerThread(Kind kind, ConnectorInstance instance, Object code, String actor,
      Duration timeout, ConnectorContext context, Body<T> body, Answers<T, R> answers, UnaryOperator<String> scrub) {
    if (Thread.currentThread().isInterrupted()) {
      return answers.interrupted();
    }
    Watchdog.Ran<T> ran = Watchdog.shared().run(timeout, watch -> ActingUser.as(actor, () -> body.call(context)));
    if (ran.fired()) {
      if (ran.overran()) {
        overran.flag(code);
        LOG.warn("connector type {}: its {} ignored the interrupt at its timeout and ran {} ms longer (instance {});"
            + " it is declared interruptible but does not honour interruption, so it now runs on handler threads",
            instance.connectorType(), kind.label(), TimeUnit.NANOSECONDS.toMillis(ran.overrunNanos()),
            instance.id());
      }
      return answers.timedOut(timeout);
    }
    if (Thread.currentThread().isInterrupted()) {
      return answers.interrupted(); // the host interrupted the caller: the same answer as when it waits
    }
    Throwable thrown = ran.thrown();
    return thrown != null ? answers.threw(thrown, scrub) : answers.returned(ran.value(), scrub);
  }
}
