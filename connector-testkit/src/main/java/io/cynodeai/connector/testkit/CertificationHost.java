package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A real engine with an allow-all policy and a recording audit sink, holding the one connector type under
 * certification and the one instance made from the given config. Its jobs run with {@value #JOB_ATTEMPTS}
 * attempts, 1 ms apart, workers polling every 5 ms (the settings may change that). Thread-safe as the engine
 * is; close it after use.
 */
final class CertificationHost implements AutoCloseable {
  static final Caller CALLER = Caller.user("certification", null);
  static final String INSTANCE_ID = "certification";
  /** Attempts a certification job gets before it is dead-lettered. */
  static final int JOB_ATTEMPTS = 2;
  /** The largest job result the engine stores by default (1 MiB). */
  static final long JOB_RESULT_BYTES = 1L << 20;

  private final String typeName;
  private final ConnectorEngine engine;
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final Object jobSignal = new Object();

  /**
   * Builds the engine.
   *
   * @throws io.cynodeai.connector.api.ConnectorException if the engine refuses the type
   */
  CertificationHost(ConnectorType type, HostHooks hooks, Consumer<EngineBuilder> settings) {
    EngineBuilder builder = ConnectorEngines.builder().register(type).auditSink(audit)
        .policy(PolicyEngine.allowAll());
    builder.jobs(j -> j.withRetries(JOB_ATTEMPTS, Duration.ofMillis(1), JOB_RESULT_BYTES)
        .withPollInterval(Duration.ofMillis(5)));
    hooks.applyTo(builder);
    settings.accept(builder);
    this.typeName = type.name();
    this.engine = builder.build();
    engine.jobs().addListener(event -> {
      synchronized (jobSignal) {
        jobSignal.notifyAll();
      }
    });
  }

  RecordingAuditSink audit() {
    return audit;
  }

  LifecycleOutcome install(JsonNode config) {
    return engine.instances().install(InstanceDefinition.builder(INSTANCE_ID, typeName).config(config)
        .owner(OwnerScope.user(CALLER.userId())).build(), CALLER);
  }

  LifecycleOutcome enable() {
    return engine.instances().enable(INSTANCE_ID, CALLER);
  }

  /** The certified instance as the engine stores it, once installed. */
  Optional<ConnectorInstance> instance() {
    return engine.instances().get(INSTANCE_ID, CALLER);
  }

  /** Installs and enables the instance: empty when it is active, otherwise why not. */
  Optional<String> deploy(JsonNode config) {
    LifecycleOutcome installed = install(config);
    if (installed instanceof LifecycleOutcome.Refused r) {
      return Optional.of("install refused: " + describe(r.failure()));
    }
    return enablingProblem(enable());
  }

  /** Why an enable outcome did not leave the instance active, if it did not. */
  static Optional<String> enablingProblem(LifecycleOutcome enabled) {
    if (enabled instanceof LifecycleOutcome.Refused r) {
      return Optional.of("enable refused: " + describe(r.failure()));
    }
    var instance = ((LifecycleOutcome.Applied) enabled).instance();
    if (instance.status() != InstanceStatus.ACTIVE) {
      return Optional.of("the instance is " + instance.status().wireName() + " after its health check"
          + (instance.lastError() == null ? "" : ": " + instance.lastError().message()));
    }
    return Optional.empty();
  }

  /** Invokes the operation on the instance, in sync mode when the operation supports it. */
  Invoked invoke(OperationDescriptor op, JsonNode input) {
    return invoke(op, input, op.modes().contains(ExecutionMode.SYNC) ? ExecutionMode.SYNC : ExecutionMode.ASYNC);
  }

  /** Invokes the operation in {@code mode}: in async mode the outcome is the submission's. */
  Invoked invoke(OperationDescriptor op, JsonNode input, ExecutionMode mode) {
    InvocationRequest request = InvocationRequest.of(INSTANCE_ID, op.name(), input, CALLER).withMode(mode);
    if (op.mutating()) {
      // A mutating operation refuses calls without a key (§2.3); a fresh one makes every check a first call.
      request = request.withIdempotencyKey("certification-" + request.requestId());
    }
    long start = System.nanoTime();
    Outcome outcome = engine.invoke(request);
    return new Invoked(request, outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Submits the operation as a job and waits, at most {@code wait}, for it to reach a final state; the job
   * read back last (still pending or running if the wait ran out), or none if the submission was refused.
   */
  JobRun runJob(OperationDescriptor op, JsonNode input, Duration wait) {
    long start = System.nanoTime();
    Invoked submitted = invoke(op, input, ExecutionMode.ASYNC);
    @Nullable Job job = null;
    if (submitted.outcome() instanceof Succeeded s && s.response().data().hasNonNull("job_id")) {
      job = awaitFinal(s.response().data().get("job_id").asText(), start + wait.toNanos());
    }
    return new JobRun(submitted.request(), submitted.outcome(), job, Duration.ofNanos(System.nanoTime() - start));
  }

  private @Nullable Job awaitFinal(String jobId, long deadlineNanos) {
    synchronized (jobSignal) {
      while (true) {
        Optional<Job> job = engine.jobs().get(jobId, CALLER);
        long left = deadlineNanos - System.nanoTime();
        if (job.isEmpty() || job.get().state().terminal() || left <= 0) {
          return job.orElse(null);
        }
        try {
          // woken by every job transition; the bound re-reads the store in case a wake-up came before the wait
          jobSignal.wait(Math.max(1, Math.min(50, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return job.get();
        }
      }
    }
  }

  @Override
  public void close() {
    engine.close();
  }

  /** One invocation: what was asked, what came back, and how long the caller waited. */
  record Invoked(InvocationRequest request, Outcome outcome, Duration elapsed) {}

  /**
   * One job: the submitting request, the submission's outcome, the job as last read (null if the submission
   * was refused), and the time from submission to that read.
   */
  record JobRun(InvocationRequest request, Outcome submission, @Nullable Job job, Duration elapsed) {
    /** Whether the job reached a final state. */
    boolean finished() {
      return job != null && job.state().terminal();
    }

    /** What the run came to, for a report: the refusal, the job's state, or its final outcome. */
    String describe() {
      if (job == null) {
        return "the submission was refused: " + CertificationHost.describe(submission);
      }
      String attempts = job.attempts() + (job.attempts() == 1 ? " job attempt" : " job attempts");
      if (!job.state().terminal()) {
        return "job " + job.jobId() + " still " + job.state().wireName() + " after " + elapsed.toMillis()
            + " ms (" + attempts + ")";
      }
      return "job " + job.state().wireName() + (job.deadLettered() ? " (dead-lettered)" : "") + ", "
          + (job.outcome() == null ? "no outcome" : CertificationHost.describe(job.outcome())) + ", after "
          + attempts;
    }
  }

  /** An outcome as a report phrase: {@code Succeeded}, or {@code Failed TRANSIENT timeout: message}. */
  static String describe(Outcome outcome) {
    if (outcome instanceof Succeeded) {
      return "Succeeded";
    }
    Failed f = (Failed) outcome;
    return "Failed " + f.failureClass().name() + " " + f.code() + ": " + f.message();
  }
}
