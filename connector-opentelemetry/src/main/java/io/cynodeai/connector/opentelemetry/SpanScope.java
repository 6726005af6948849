package io.cynodeai.connector.opentelemetry;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** One span from its start to its one end; an invocation's scope starts its attempts' spans. Thread-safe. */
final class SpanScope implements ObservedScope {
  private final OpenTelemetryTracing tracing;
  private final Span span;
  private final Context context;
  private final @Nullable String attemptName;
  private final AtomicBoolean ended = new AtomicBoolean();

  /**
   * @param attemptName the name of this scope's attempts' spans, or null when it has none (it is no invocation)
   */
  SpanScope(OpenTelemetryTracing tracing, Context parent, Span span, @Nullable String attemptName) {
    this.tracing = tracing;
    this.span = span;
    this.context = parent.with(span);
    this.attemptName = attemptName;
  }

  Span span() {
    return span;
  }

  Context context() {
    return context;
  }

  @Override
  public ObservedScope attempt(int number) {
    if (attemptName == null) {
      return NONE;
    }
    Span attempt = tracing.start(attemptName, context).setAttribute(SpanAttributes.ATTEMPT, number).startSpan();
    return new SpanScope(tracing, context, attempt, null);
  }

  @Override
  public void outgoingHeaders(BiConsumer<String, String> header) {
    tracing.propagator().inject(context, header, (sink, name, value) -> {
      if (sink != null) {
        sink.accept(name, value);
      }
    });
  }

  @Override
  public void end(@Nullable Failed failure, @Nullable Integer providerStatus, int retries) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    span.setAttribute(SpanAttributes.RETRY_COUNT, retries);
    if (providerStatus != null) {
      span.setAttribute(SpanAttributes.PROVIDER_STATUS, providerStatus);
    }
    if (failure == null) {
      span.setAttribute(SpanAttributes.OUTCOME, "succeeded");
    } else {
      // the code only: a failure's message is for the caller, and may quote the provider
      span.setAttribute(SpanAttributes.OUTCOME, "failed");
      span.setAttribute(SpanAttributes.FAILURE_CLASS, failure.failureClass().wireName());
      span.setAttribute(SpanAttributes.ERROR_TYPE, failure.code());
      span.setStatus(StatusCode.ERROR, failure.code());
    }
    span.end();
  }
}
