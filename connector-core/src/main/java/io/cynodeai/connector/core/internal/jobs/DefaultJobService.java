package io.cynodeai.connector.core.internal.jobs;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.TraceContext;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobEvent;
import io.cynodeai.connector.api.job.JobListener;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.job.NewJob;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.StoreTimeout;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.codec.Fingerprint;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.api.store.InstanceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submit, get, cancel and the dead-letter store, scoped to the caller's tenant and to the instances within
 * their reach; emits every transition this
 * node makes as an audit event ({@code job}) and to the host's listeners. Thread-safe.
 */
public final class DefaultJobService implements JobService {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultJobService.class);
  private static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(5);

  private final JobStore store;
  private final InvocationPipeline pipeline;
  private final InstanceStore instances;
  private final TypeRegistry types;
  private final EngineSettings.Jobs settings;
  private final AuditEmitter audit;
  private final Clock clock;
  private final TenantBoundary boundary;
  private final EngineObserver observer;
  private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
  /** Transitions this node is storing and announcing that a worker's next transition of the job must follow. */
  private final Map<String, CountDownLatch> announcing = new ConcurrentHashMap<>();

  private volatile java.util.function.Consumer<String> localCancel = jobId -> { };

  public DefaultJobService(JobStore store, InvocationPipeline pipeline, InstanceStore instances, TypeRegistry types,
      EngineSettings.Jobs settings, AuditEmitter audit, Clock clock, TenantBoundary boundary,
      EngineObserver observer) {
    this.boundary = boundary;
    this.observer = Objects.requireNonNull(observer, "observer");
    this.store = store;
    this.pipeline = pipeline;
    this.instances = instances;
    this.types = types;
    this.settings = settings;
    this.audit = audit;
    this.clock = clock;
  }

  /** The tenant a caller's jobs belong to (the same scope as idempotency keys). */
  static String tenant(Caller caller) {
    return caller.projectId() != null ? "project:" + caller.projectId() : "user:" + caller.userId();
  }

  /** Called with a job whose cancel was requested while it runs; this node's workers interrupt it at once. */
  public void onCancelRequested(java.util.function.Consumer<String> interrupt) {
    this.localCancel = java.util.Objects.requireNonNull(interrupt, "interrupt");
  }

  @Override
  public Submission submit(InvocationRequest request) {
    Objects.requireNonNull(request, "request");
    InvocationRequest async = request.withMode(io.cynodeai.connector.api.ExecutionMode.ASYNC);
    if (async.traceContext() == null) { // the submitter's current trace, for the job's runs to continue
      TraceContext current = observer.currentTraceContext();
      async = current == null ? async : new InvocationRequest(async.instanceId(), async.operation(), async.input(),
          async.idempotencyKey(), async.caller(), async.requestId(), async.correlationId(), async.mode(), current);
    }
    Failed refused = pipeline.precheck(async);
    if (refused != null) {
      return new Submission.Refused(refused);
    }
    String jobId = UUID.randomUUID().toString();
    Runnable announced = announcing(jobId);
    // the submit's own store calls are bounded as the precheck's were: by the operation's timeout
    try (StoreTimeout.Scope bound = StoreTimeout.bind(pipeline.storeBound(async))) {
      refused = keyRequired(async);
      if (refused != null) {
        return new Submission.Refused(refused);
      }
      Job job = store.submit(new NewJob(jobId, tenant(async.caller()), async.instanceId(), async.operation(),
          async.idempotencyKey(), JobRequests.write(async), settings.maxAttempts()));
      boolean duplicate = !job.jobId().equals(jobId);
      if (!duplicate) {
        transition(job, null, JobState.PENDING, "submitted", null);
      } else if (!Fingerprint.of(job.request().path("input")).equals(Fingerprint.of(async.input()))) {
        // as a sync call with the key would be: the key names another request, whose job stays as it is
        return new Submission.Refused(Failed.validation("idempotency_key_reused",
            "idempotency key reused with different input", List.of()));
      }
      return new Submission.Accepted(job.jobId(), duplicate);
    } catch (StoreException e) {
      LOG.warn("job store failed to submit request {}: {}", request.requestId(), e.getMessage());
      return new Submission.Refused(unavailable("the job store is unavailable; nothing was submitted"));
    } finally {
      announced.run();
    }
  }

  private @Nullable Failed keyRequired(InvocationRequest request) {
    if (request.idempotencyKey() != null) {
      return request.idempotencyKey().length() > 255 ? Failed.validation("invalid_idempotency_key",
          "the idempotency key is longer than 255 characters", List.of()) : null;
    }
    Optional<CompiledOperation> op = instances.find(request.instanceId())
        .flatMap(i -> types.find(i.connectorType(), i.connectorTypeVersion()))
        .flatMap(t -> t.operation(request.operation()));
    if (op.isPresent() && op.get().descriptor().mutating() && op.get().descriptor().supportsIdempotency()) {
      return Failed.validation("idempotency_key_required", "operation '" + request.operation()
          + "' changes state and supports idempotency: call it with an idempotency key", List.of());
    }
    return null;
  }

  @Override
  public Lookup get(String jobId, Caller caller) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(caller, "caller");
    try {
      return find(jobId, caller).<Lookup>map(Lookup.Found::new).orElseGet(Lookup.Unknown::new);
    } catch (StoreException e) {
      LOG.warn("job store failed to look up job {}: {}", jobId, e.getMessage());
      return new Lookup.Unavailable(unavailable("the job store is unavailable; the job could not be read"));
    }
  }

  private Optional<Job> find(String jobId, Caller caller) {
    return store.find(jobId).filter(j -> visible(j, caller));
  }

  private static Failed unavailable(String message) {
    return Failed.of(FailureClass.TRANSIENT, "store_unavailable", message);
  }

  /**
   * A job is the caller's when it belongs to their tenant and its instance is within their reach: a tenant is a
   * project, but an instance without one is reachable by its owner only, and so are its jobs' results. A job
   * whose instance was purged keeps the tenant check alone.
   */
  private boolean visible(Job job, Caller caller) {
    return job.tenant().equals(tenant(caller)) && instances.find(job.instanceId())
        .map(i -> boundary.reachable(i, caller, Action.OPERATION_INVOKE)).orElse(true);
  }

  @Override
  public CancelResult cancel(String jobId, Caller caller) {
    try {
      return cancelStored(jobId, caller);
    } catch (StoreException e) {
      LOG.warn("job store failed to cancel job {}: {}", jobId, e.getMessage());
      return CancelResult.STORE_UNAVAILABLE;
    }
  }

  private CancelResult cancelStored(String jobId, Caller caller) {
    Optional<Job> before = find(jobId, caller);
    if (before.isEmpty()) {
      return CancelResult.UNKNOWN_JOB;
    }
    if (before.get().state().terminal()) {
      return CancelResult.ALREADY_FINISHED;
    }
    Job after = store.cancel(jobId).orElseThrow();
    if (after.state() == JobState.CANCELED) {
      if (before.get().state() != JobState.CANCELED) {
        transition(after, before.get().state(), JobState.CANCELED, "canceled", null);
      }
      return CancelResult.CANCELED;
    }
    if (after.state().terminal()) {
      return CancelResult.ALREADY_FINISHED;
    }
    localCancel.accept(jobId); // this node's worker stops it now; another node's at its next heartbeat
    return CancelResult.CANCEL_REQUESTED;
  }

  @Override
  public DeadLetters deadLetters(Caller caller, int limit) {
    Objects.requireNonNull(caller, "caller");
    try {
      return new DeadLetters.Listed(
          store.deadLetters(tenant(caller), limit).stream().filter(j -> visible(j, caller)).toList());
    } catch (StoreException e) {
      LOG.warn("job store failed to list dead letters: {}", e.getMessage());
      return new DeadLetters.Unavailable(unavailable("the job store is unavailable; dead letters could not be read"));
    }
  }

  @Override
  public DeadLetterResult requeue(String jobId, Caller caller) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(caller, "caller");
    try {
      Optional<Job> job = find(jobId, caller);
      if (job.isEmpty()) {
        return DeadLetterResult.UNKNOWN_JOB;
      }
      Runnable announced = announcing(jobId);
      try {
        if (!store.requeue(jobId)) {
          return DeadLetterResult.NOT_DEAD_LETTER;
        }
        transition(job.get(), job.get().state(), JobState.PENDING, "requeued", null);
        return DeadLetterResult.DONE;
      } finally {
        announced.run();
      }
    } catch (StoreException e) {
      LOG.warn("job store failed to requeue job {}: {}", jobId, e.getMessage());
      return DeadLetterResult.STORE_UNAVAILABLE;
    }
  }

  @Override
  public DeadLetterResult purge(String jobId, Caller caller) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(caller, "caller");
    try {
      if (find(jobId, caller).isEmpty()) {
        return DeadLetterResult.UNKNOWN_JOB;
      }
      return store.purge(jobId) ? DeadLetterResult.DONE : DeadLetterResult.NOT_DEAD_LETTER;
    } catch (StoreException e) {
      LOG.warn("job store failed to purge job {}: {}", jobId, e.getMessage());
      return DeadLetterResult.STORE_UNAVAILABLE;
    }
  }

  @Override
  public void addListener(JobListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Marks a transition of {@code jobId} to pending as being stored and announced, so that a worker of this node
   * that claims the job at once announces its start only after it ({@link #awaitAnnounced}); without this a
   * listener could hear {@code running} before {@code pending}. Run the result once the transition is announced
   * (or was not made).
   */
  Runnable announcing(String jobId) {
    CountDownLatch latch = new CountDownLatch(1);
    announcing.put(jobId, latch);
    return () -> {
      announcing.remove(jobId, latch);
      latch.countDown();
    };
  }

  /**
   * Waits until the transition of {@code jobId} this node is announcing (if any) has been announced, at most
   * {@link #ANNOUNCE_WAIT} (a listener that blocks longer loses the ordering, not the event).
   */
  void awaitAnnounced(String jobId) {
    CountDownLatch latch = announcing.get(jobId);
    if (latch == null) {
      return;
    }
    try {
      if (!latch.await(ANNOUNCE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("job {} starts before its previous transition was announced: a job listener is slow", jobId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Audits and announces one transition made by this node. Never throws. */
  void transition(Job job, @Nullable JobState from, JobState to, String action, @Nullable Failed failure) {
    JobEvent event = new JobEvent(job.jobId(), job.instanceId(), job.operation(), from, to, job.attempts(),
        clock.instant(), settings.nodeId());
    AuditEvent.Builder audited = AuditEvent.builder(AuditEventType.JOB, event.at())
        .action("connector.job." + action)
        .request(job.request().path("request_id").asText(null), job.request().path("correlation_id").asText(null))
        .caller(job.request().path("user_id").asText(null), job.request().path("project_id").asText(null))
        .instance(job.instanceId(), null)
        .operation(job.operation(), io.cynodeai.connector.api.ExecutionMode.ASYNC)
        .detail("job_id", job.jobId())
        .detail("state", to.wireName())
        .detail("attempt", Integer.toString(job.attempts()))
        .detail("node", settings.nodeId());
    if (from != null) {
      audited.detail("state_from", from.wireName());
    }
    if (failure != null) {
      audited.failed(failure.failureClass(), failure.code());
    }
    audit.emit(audited.build());
    for (JobListener listener : listeners) {
      try {
        listener.onTransition(event);
      } catch (RuntimeException e) {
        LOG.warn("job listener failed on {} of job {}", to.wireName(), job.jobId(), e);
      }
    }
  }
}
