package io.cynodeai.connector.opentelemetry;

import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.TraceContext;
import io.cynodeai.connector.core.observe.ConnectorCall;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The engine's work as OpenTelemetry spans, for {@code EngineBuilder.observer(..)}: a span per invocation
 * ({@code invoke <operation>}) with a child per attempt to run its handler ({@code attempt <operation>}), a
 * span per job run ({@code job <operation>}, the parent of the invocation it runs), per poll ({@code poll}) and
 * per webhook delivery ({@code webhook <subscription>}). An invocation's parent is the caller's W3C trace
 * context the request carries ({@code InvocationRequest.withTraceparent(..)}), or the span current on the
 * calling thread (the host's server span) when it is of the same trace or the request carries none. A job run
 * continues the trace of the request that submitted the job, or of the span current when it was submitted
 * (kept in the job's record), on whichever node runs it. Health checks ({@code health_check}), webhook parses ({@code webhook_parse <subscription>}, a child of
 * the delivery) and provider subscription calls ({@code subscribe|renew|unsubscribe <subscription>}) are spans
 * too. While an attempt (or a poll, or one of those calls) runs, the engine's guarded HTTP client
 * ({@code context.network().httpClient()}) sends its context as a W3C {@code traceparent} header, and through
 * the host's own propagators too.
 *
 * <p>Attributes carry only ids, names, the outcome, the failure class and code, the provider's HTTP status and
 * the retry count ({@link SpanAttributes}); never an input, a result, a message or a credential. Thread-safe.
 */
public final class OpenTelemetryTracing implements EngineObserver {
  /** The instrumentation scope name of the engine's spans. */
  public static final String INSTRUMENTATION_NAME = "io.cynodeai.connector";

  private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String carrier) {
      return List.of("traceparent");
    }

    @Override
    public @Nullable String get(@Nullable String carrier, String key) {
      return key.equals("traceparent") ? carrier : null;
    }
  };

  private static final TextMapGetter<TraceContext> TRACE_CONTEXT = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(TraceContext carrier) {
      return List.of("traceparent", "tracestate");
    }

    @Override
    public @Nullable String get(@Nullable TraceContext carrier, String key) {
      if (carrier == null) {
        return null;
      }
      return key.equals("traceparent") ? carrier.traceparent() : key.equals("tracestate") ? carrier.state() : null;
    }
  };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private OpenTelemetryTracing(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Spans on {@code openTelemetry}'s tracer provider; outgoing requests carry the W3C trace context and
   * whatever else its propagators inject (baggage, B3).
   */
  public static OpenTelemetryTracing of(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    TextMapPropagator hosts = openTelemetry.getPropagators().getTextMapPropagator();
    TextMapPropagator outgoing = hosts.fields().contains("traceparent") ? hosts
        : TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), hosts);
    return new OpenTelemetryTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME), outgoing);
  }

  /**
   * The context whose parent is the caller's W3C {@code traceparent} header, to make current around the host's
   * own work ({@code try (Scope s = parentOf(header).makeCurrent()) {..}}); the current context unchanged when
   * the header is absent or invalid, as the W3C rules require. An engine call needs none of this: a request
   * built {@code withTraceparent(header)} carries its parent.
   */
  public static Context parentOf(@Nullable String traceparent) {
    return traceparent == null ? Context.current()
        : W3CTraceContextPropagator.getInstance().extract(Context.current(), traceparent.trim(), TRACEPARENT);
  }

  /**
   * The parent of a call's span: the span current on the calling thread when it belongs to the request's trace
   * (a host's server span is a closer parent than the remote caller), else the caller's trace context the
   * request carries, else whatever is current.
   */
  static Context callerContext(InvocationRequest request) {
    Context current = Context.current();
    TraceContext caller = request.traceContext();
    if (caller == null) {
      return current;
    }
    SpanContext span = Span.fromContext(current).getSpanContext();
    if (span.isValid() && span.getTraceId().equals(caller.traceId())) {
      return current;
    }
    return W3CTraceContextPropagator.getInstance().extract(current, caller, TRACE_CONTEXT);
  }

  @Override
  public ObservedScope invocation(InvocationRequest request, @Nullable ObservedScope parent) {
    Context context = parent instanceof SpanScope job ? job.context() : callerContext(request);
    SpanBuilder span = start("invoke " + request.operation(), context)
        .setAttribute(SpanAttributes.INSTANCE_ID, request.instanceId())
        .setAttribute(SpanAttributes.OPERATION, request.operation())
        .setAttribute(SpanAttributes.REQUEST_ID, request.requestId())
        .setAttribute(SpanAttributes.CORRELATION_ID, request.correlationId())
        .setAttribute(SpanAttributes.MODE, request.mode().name().toLowerCase(java.util.Locale.ROOT));
    return new SpanScope(this, context, span.startSpan(), "attempt " + request.operation());
  }

  /** The span current on the submitting thread, as a W3C trace context for a job's record; null if none. */
  @Override
  public @Nullable TraceContext currentTraceContext() {
    if (!Span.current().getSpanContext().isValid()) {
      return null;
    }
    Map<String, String> headers = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, (carrier, name, value) -> {
      if (carrier != null) {
        carrier.put(name, value);
      }
    });
    return TraceContext.parse(headers.get("traceparent"), headers.get("tracestate")).orElse(null);
  }

  @Override
  public ObservedScope jobRun(String jobId, int attempt, InvocationRequest request) {
    Context context = callerContext(request); // the submitter's trace, carried in the job's record
    SpanBuilder span = start("job " + request.operation(), context)
        .setAttribute(SpanAttributes.JOB_ID, jobId)
        .setAttribute(SpanAttributes.ATTEMPT, attempt)
        .setAttribute(SpanAttributes.INSTANCE_ID, request.instanceId())
        .setAttribute(SpanAttributes.OPERATION, request.operation())
        .setAttribute(SpanAttributes.REQUEST_ID, request.requestId())
        .setAttribute(SpanAttributes.CORRELATION_ID, request.correlationId());
    return new SpanScope(this, context, span.startSpan(), null);
  }

  @Override
  public ObservedScope poll(String instanceId, boolean scheduled) {
    Context context = Context.current();
    SpanBuilder span = start("poll", context)
        .setAttribute(SpanAttributes.INSTANCE_ID, instanceId)
        .setAttribute(SpanAttributes.SCHEDULED, scheduled);
    return new SpanScope(this, context, span.startSpan(), null);
  }

  @Override
  public ObservedScope webhookDelivery(String instanceId, String subscription) {
    Context context = Context.current();
    SpanBuilder span = start("webhook " + subscription, context)
        .setAttribute(SpanAttributes.INSTANCE_ID, instanceId)
        .setAttribute(SpanAttributes.SUBSCRIPTION, subscription);
    return new SpanScope(this, context, span.startSpan(), null);
  }

  @Override
  public ObservedScope connectorCall(ConnectorCall call, String instanceId, @Nullable String subscription,
      @Nullable ObservedScope parent) {
    Context context = parent instanceof SpanScope work ? work.context() : Context.current();
    SpanBuilder span = start(subscription == null ? call.wireName() : call.wireName() + " " + subscription, context)
        .setAttribute(SpanAttributes.CALL, call.wireName())
        .setAttribute(SpanAttributes.INSTANCE_ID, instanceId);
    if (subscription != null) {
      span.setAttribute(SpanAttributes.SUBSCRIPTION, subscription);
    }
    return new SpanScope(this, context, span.startSpan(), null);
  }

  SpanBuilder start(String name, Context parent) {
    return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL);
  }

  TextMapPropagator propagator() {
    return propagator;
  }
}
