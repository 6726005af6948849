package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import io.cynodeai.connector.api.slo.ServiceLevelStatus;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/** The engine: a facade over the invocation pipeline and the instance lifecycle. Thread-safe. */
public final class DefaultConnectorEngine implements ConnectorEngine {
  private final InvocationPipeline pipeline;
  private final InstanceManager instances;
  private final ExecutorService handlerThreads;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClose;
  private final Supplier<List<ServiceLevelStatus>> serviceLevels;

  public DefaultConnectorEngine(InvocationPipeline pipeline, InstanceManager instances,
      ExecutorService handlerThreads) {
    this(pipeline, instances, handlerThreads, () -> {}, List::of);
  }

  /** An engine that also runs {@code onClose} (stopping background tasks) when closed. */
  public DefaultConnectorEngine(InvocationPipeline pipeline, InstanceManager instances,
      ExecutorService handlerThreads, Runnable onClose, Supplier<List<ServiceLevelStatus>> serviceLevels) {
    this.onClose = onClose;
    this.serviceLevels = serviceLevels;
    this.pipeline = pipeline;
    this.instances = instances;
    this.handlerThreads = handlerThreads;
  }

  @Override
  public Outcome invoke(InvocationRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new IllegalStateException("engine is closed");
    }
    return pipeline.invoke(request);
  }

  @Override
  public InstanceManager instances() {
    return instances;
  }

  @Override
  public List<ServiceLevelStatus> serviceLevels() {
    return serviceLevels.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      handlerThreads.shutdownNow();
      onClose.run();
    }
  }
}
