package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/** The engine: a facade over the invocation pipeline and the instance lifecycle. Thread-safe. */
public final class DefaultConnectorEngine implements ConnectorEngine {
  private final InvocationPipeline pipeline;
  private final InstanceManager instances;
  private final ExecutorService handlerThreads;
  private final SpecService specs;
  private final AtomicBoolean closed = new AtomicBoolean();

  public DefaultConnectorEngine(InvocationPipeline pipeline, InstanceManager instances,
      ExecutorService handlerThreads, SpecService specs) {
    this.pipeline = pipeline;
    this.instances = instances;
    this.handlerThreads = handlerThreads;
    this.specs = specs;
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
  public SpecService specs() {
    return specs;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      handlerThreads.shutdownNow();
    }
  }
}
