package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.core.internal.poll.InstancePoller;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import io.cynodeai.connector.api.slo.ServiceLevelStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.ResponseMetadata;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.core.internal.jobs.DefaultJobService;
import io.cynodeai.connector.core.internal.jobs.JobWorkers;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import java.time.Clock;
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
  private final Maintenance maintenance;
  private final DefaultJobService jobs;
  private final JobWorkers workers;
  private final SpecService specs;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClose;
  private final Supplier<List<ServiceLevelStatus>> serviceLevels;
  private final Clock clock = Clock.systemUTC();
  private final InstancePoller poller;
  private final io.cynodeai.connector.api.instance.@org.jspecify.annotations.Nullable CredentialService credentials;
  private final java.util.function.Function<io.cynodeai.connector.api.Caller,
      io.cynodeai.connector.api.instance.TypeListing> typeListing;
  private final io.cynodeai.connector.core.internal.webhook.@org.jspecify.annotations.Nullable WebhookGateway
      webhooks;

  /**
   * An engine that also runs {@code onClose} (stopping governance tasks) when closed and reports service
   * levels from {@code serviceLevels}.
   */
  public DefaultConnectorEngine(InvocationPipeline pipeline, InstanceManager instances,
      ExecutorService handlerThreads, Maintenance maintenance, DefaultJobService jobs, JobWorkers workers,
      Runnable onClose, Supplier<List<ServiceLevelStatus>> serviceLevels, SpecService specs,
      InstancePoller poller,
      io.cynodeai.connector.core.internal.webhook.@org.jspecify.annotations.Nullable WebhookGateway webhooks,
      io.cynodeai.connector.api.instance.@org.jspecify.annotations.Nullable CredentialService credentials,
      java.util.function.Function<io.cynodeai.connector.api.Caller, io.cynodeai.connector.api.instance.TypeListing>
          typeListing) {
    this.poller = poller;
    this.typeListing = typeListing;
    this.credentials = credentials == null ? null : StoreOutages.credentials(credentials);
    this.webhooks = webhooks;
    this.onClose = onClose;
    this.serviceLevels = serviceLevels;
    this.pipeline = pipeline;
    this.instances = StoreOutages.instances(instances);
    this.handlerThreads = handlerThreads;
    this.maintenance = maintenance;
    this.jobs = jobs;
    this.workers = workers;
    this.specs = StoreOutages.specs(specs);
  }

  @Override
  public Outcome invoke(InvocationRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new IllegalStateException("engine is closed");
    }
    if (request.mode() == ExecutionMode.ASYNC) {
      return submitted(request, jobs.submit(request));
    }
    return pipeline.invoke(request);
  }

  /** An async submit as an outcome: {@code {"job_id", "state": "pending", "duplicate"}} in the envelope. */
  private Outcome submitted(InvocationRequest request, JobService.Submission submission) {
    if (submission instanceof JobService.Submission.Refused refused) {
      return refused.failure();
    }
    JobService.Submission.Accepted accepted = (JobService.Submission.Accepted) submission;
    ObjectNode data = JsonTrees.MAPPER.createObjectNode().put("job_id", accepted.jobId()).put("state", "pending")
        .put("duplicate", accepted.duplicate());
    ConnectorInstance instance;
    try {
      instance = instances.get(request.instanceId(), request.caller()).orElse(null);
    } catch (io.cynodeai.connector.api.store.StoreException e) { // the job is stored: its type is left out
      instance = null;
    }
    ResponseMetadata metadata = new ResponseMetadata(request.requestId(), request.correlationId(),
        request.instanceId(), instance == null ? "" : instance.connectorType(),
        instance == null ? "" : instance.connectorTypeVersion(), request.operation(), ExecutionMode.ASYNC, null, 0, 0,
        clock.instant());
    return new Succeeded(new NormalizedResponse(metadata, data, List.of(), List.of(), false));
  }

  @Override
  public PollReport poll(String instanceId, Caller caller) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(caller, "caller");
    if (closed.get()) {
      throw new IllegalStateException("engine is closed");
    }
    try {
      return poller.poll(instanceId, caller);
    } catch (io.cynodeai.connector.api.store.StoreException e) { // the instance or its cursor could not be read
      return PollReport.failed(instanceId, null, StoreOutages.unavailable("the poll of '" + instanceId + "'"));
    }
  }

  @Override
  public io.cynodeai.connector.api.webhook.WebhookService webhooks() {
    if (webhooks == null) {
      throw new UnsupportedOperationException("webhooks are not configured (EngineBuilder.webhooks)");
    }
    return webhooks;
  }

  @Override
  public JobService jobs() {
    return jobs;
  }

  @Override
  public InstanceManager instances() {
    return instances;
  }

  @Override
  public io.cynodeai.connector.api.instance.TypeListing types(io.cynodeai.connector.api.Caller caller) {
    return typeListing.apply(java.util.Objects.requireNonNull(caller, "caller"));
  }

  @Override
  public io.cynodeai.connector.api.instance.CredentialService credentials() {
    if (credentials == null) {
      throw new UnsupportedOperationException("this engine has no credential vault (EngineBuilder.credentials)");
    }
    return credentials;
  }

  @Override
  public List<ServiceLevelStatus> serviceLevels() {
    return serviceLevels.get();
  }

  @Override
  public SpecService specs() {
    return specs;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      workers.close();
      maintenance.close();
      handlerThreads.shutdownNow();
      onClose.run();
    }
  }
}
