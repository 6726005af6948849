package io.cynodeai.connector.core.observe;

import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.TraceContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Watches the engine's units of work (invocations and their attempts, job runs, polls, webhook deliveries, and
 * the other connector calls) for a tracer: each callback starts an {@link ObservedScope} that the engine
 * ends with the work's outcome. Every method defaults to {@link ObservedScope#NONE}, so {@link #none()} costs
 * nothing per call. Callbacks run on engine threads, inline with the work: they must be fast and must not throw.
 * A scope is handed on explicitly (an attempt's parent is its invocation, an invocation's parent its job run),
 * never through thread-local state across threads. Wired with {@code EngineBuilder.observer(..)}; the
 * OpenTelemetry implementation is in the optional {@code connector-opentelemetry} module.
 *
 * <p>Only ids, names, outcomes, failure classes and codes, provider statuses and counts are passed: never a
 * call's input, result, credentials or message text.
 */
public interface EngineObserver {

  /** The observer that observes nothing. */
  static EngineObserver none() {
    return NoObserver.INSTANCE;
  }

  /**
   * One observer that hands each unit of work to every one of {@code observers}, in order: each callback opens a
   * scope on each, and the combined scope's attempts, outgoing headers and end reach all of them. Observers that
   * are {@link #none()} are left out; none left gives {@link #none()}, one left gives that observer itself.
   */
  static EngineObserver all(List<EngineObserver> observers) {
    return CombinedObserver.of(observers);
  }

  /**
   * An invocation starts (sync call, or one run of a job inside {@code parent}); ended once with its outcome,
   * after which its attempts are children of it.
   *
   * @param parent the job run it belongs to, or null for a call on the caller's thread
   */
  default ObservedScope invocation(InvocationRequest request, @Nullable ObservedScope parent) {
    return ObservedScope.NONE;
  }

  /**
   * The W3C trace context current on the calling thread (a host's server span), or null: a job submitted
   * without a trace context of its own keeps this one in its record, so its runs continue the submitter's
   * trace on whichever node runs them. Called on the submitting thread, once per submit.
   */
  default @Nullable TraceContext currentTraceContext() {
    return null;
  }

  /** A job worker starts the {@code attempt}-th run of job {@code jobId} (its request is {@code request}). */
  default ObservedScope jobRun(String jobId, int attempt, InvocationRequest request) {
    return ObservedScope.NONE;
  }

  /** A poll of an instance starts ({@code scheduled}: started by the engine's schedule, not a host's call). */
  default ObservedScope poll(String instanceId, boolean scheduled) {
    return ObservedScope.NONE;
  }

  /** A webhook delivery to an instance's subscription endpoint arrives. */
  default ObservedScope webhookDelivery(String instanceId, String subscription) {
    return ObservedScope.NONE;
  }

  /**
   * Connector code other than an operation's handler or a poll starts: a health check, a webhook body's parse,
   * or a call to the provider's subscription API. Ended once with how the call came out (a health check that
   * answered "unhealthy" ends failed); while it runs, the scope's {@link ObservedScope#outgoingHeaders} go out
   * on the guarded HTTP client's requests.
   *
   * @param subscription the webhook subscription a parse or a provider call is for, or null (a health check)
   * @param parent the observed work it is part of (a parse's webhook delivery), or null
   */
  default ObservedScope connectorCall(ConnectorCall call, String instanceId, @Nullable String subscription,
      @Nullable ObservedScope parent) {
    return ObservedScope.NONE;
  }
}

/** The default: no scopes. */
final class NoObserver implements EngineObserver {
  static final NoObserver INSTANCE = new NoObserver();

  private NoObserver() {}
}
