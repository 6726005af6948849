package io.cynodeai.connector.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A host for a connector author's own tests: a real engine (allow-all policy, recording audit sink, egress open
 * to loopback for a stand-in provider) with the connector type registered and one instance installed and
 * enabled with the config and secrets given. Calls go through the engine exactly as a host's would, so
 * validation, retries, normalization, redaction and audit all apply. Built only from the public API of
 * connector-core, -api and -spi. Thread-safe as the engine is; close it after use.
 *
 * <pre>{@code
 * try (TestHost host = TestHost.builder(new WeatherProvider()).config(config).secret("apiKey", "k-123").start()) {
 *   Outcome now = host.invoke("current", input);
 *   Job job = host.runJob("forecast", input);
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} insists on an active instance; {@link Builder#tryStart()} returns the host whatever
 * the install and enable came to, for tests of a failing health check or rejected credentials ({@link
 * #startOutcome()}).
 */
public final class TestHost implements AutoCloseable {
  /** How long {@link #runJob} waits for a job to finish. */
  public static final Duration JOB_WAIT = Duration.ofSeconds(30);

  private final Setup setup;
  private final ConnectorEngine engine;
  private final LifecycleOutcome startOutcome;
  private final Object jobSignal = new Object();

  private TestHost(Setup setup, ConnectorEngine engine, LifecycleOutcome startOutcome) {
    this.setup = setup;
    this.engine = engine;
    this.startOutcome = startOutcome;
    engine.jobs().addListener(event -> {
      synchronized (jobSignal) {
        jobSignal.notifyAll();
      }
    });
  }

  /** A host for the type {@code provider} declares. */
  public static Builder builder(ConnectorProvider provider) {
    return builder(Objects.requireNonNull(provider, "provider").type());
  }

  /** A host for {@code type}. */
  public static Builder builder(ConnectorType type) {
    return new Builder(Objects.requireNonNull(type, "type"));
  }

  /** The engine, for anything the helpers do not cover. */
  public ConnectorEngine engine() {
    return engine;
  }

  /** Every audit event the engine emitted so far. */
  public RecordingAuditSink audit() {
    return setup.audit;
  }

  /** The id of the instance the helpers act on. */
  public String instanceId() {
    return setup.instanceId;
  }

  /** The caller every helper acts as (the instance's owner). */
  public Caller caller() {
    return setup.caller;
  }

  /**
   * What the start came to: the install's {@link LifecycleOutcome.Refused refusal}, or else the enable's outcome,
   * whose {@link LifecycleOutcome.Applied#unhealthy()} says whether the health check left the instance in {@code
   * error} or {@code credential_expired}. For a host {@link #restart restarted} on stores that held the
   * instance, the instance as the new engine found it.
   */
  public LifecycleOutcome startOutcome() {
    return startOutcome;
  }

  /** The instance as the engine holds it now. */
  public ConnectorInstance instance() {
    return engine.instances().get(setup.instanceId, setup.caller).orElseThrow(
        () -> new IllegalStateException("no instance " + setup.instanceId + " (see startOutcome())"));
  }

  /** Invokes {@code operation} synchronously. */
  public Outcome invoke(String operation, JsonNode input) {
    return engine.invoke(InvocationRequest.of(setup.instanceId, operation, input, setup.caller));
  }

  /** Invokes {@code operation} synchronously with an idempotency key (a mutating operation needs one). */
  public Outcome invoke(String operation, JsonNode input, String idempotencyKey) {
    return engine.invoke(InvocationRequest.of(setup.instanceId, operation, input, setup.caller)
        .withIdempotencyKey(Objects.requireNonNull(idempotencyKey, "idempotencyKey")));
  }

  /**
   * Invokes {@code operation} synchronously with an idempotency key never used before, so that a mutating
   * operation runs as a first call every time.
   */
  public Outcome invokeWithNewKey(String operation, JsonNode input) {
    return invoke(operation, input, "test-" + UUID.randomUUID());
  }

  /**
   * Submits {@code operation} as an async job and returns its id.
   *
   * @throws IllegalStateException if the engine refused it (the failure's class, code and message)
   */
  public String submit(String operation, JsonNode input, @Nullable String idempotencyKey) {
    JobService.Submission s = engine.jobs().submit(InvocationRequest.of(setup.instanceId, operation, input,
        setup.caller).withMode(ExecutionMode.ASYNC).withIdempotencyKey(idempotencyKey));
    if (s instanceof JobService.Submission.Refused r) {
      throw new IllegalStateException("job refused: " + describe(r.failure()));
    }
    return ((JobService.Submission.Accepted) s).jobId();
  }

  /**
   * Waits until the job is succeeded, failed or canceled, and returns it. While the job store cannot answer, it
   * keeps waiting: a store outage is not an unknown job.
   *
   * @throws IllegalStateException if it is unknown, or still not finished (or still unreadable) after
   *     {@code timeout}
   */
  public Job awaitJob(String jobId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (jobSignal) {
      while (true) {
        JobService.Lookup lookup = engine.jobs().get(jobId, setup.caller);
        if (lookup instanceof JobService.Lookup.Unknown) {
          throw new IllegalStateException("no job " + jobId);
        }
        Optional<Job> job = lookup.found(); // empty while the job store cannot answer: it may come back
        long left = deadline - System.nanoTime();
        if (job.isPresent() && job.get().state().terminal()) {
          return job.get();
        }
        if (left <= 0) {
          throw new IllegalStateException(job.map(j -> "job " + jobId + " is still " + j.state().wireName())
              .orElse("the job store could not read job " + jobId + " ("
                  + ((JobService.Lookup.Unavailable) lookup).failure().code() + ")")
              + " after " + timeout.toMillis() + " ms");
        }
        try {
          jobSignal.wait(Math.max(1, Math.min(50, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for job " + jobId, e);
        }
      }
    }
  }

  /** Submits {@code operation} as a job and waits up to {@link #JOB_WAIT} for it to finish. */
  public Job runJob(String operation, JsonNode input) {
    return awaitJob(submit(operation, input, null), JOB_WAIT);
  }

  /** Polls the instance once, now (a polling connector). */
  public PollReport poll() {
    return engine.poll(setup.instanceId, setup.caller);
  }

  /** Delivers a webhook request to one of the instance's subscriptions (the host needs {@code webhooks}). */
  public WebhookResult deliver(String subscription, WebhookDelivery delivery) {
    return engine.webhooks().deliver(setup.instanceId, subscription, delivery);
  }

  /** Runs the instance's health check now; the outcome says where it left the instance. */
  public LifecycleOutcome check() {
    return engine.instances().check(setup.instanceId, setup.caller);
  }

  /** Disables the instance; calls are refused until it is enabled again. */
  public LifecycleOutcome disable() {
    return engine.instances().disable(setup.instanceId, setup.caller);
  }

  /** Enables the instance, which runs its health check; the outcome says where the check left it. */
  public LifecycleOutcome enable() {
    return engine.instances().enable(setup.instanceId, setup.caller);
  }

  /**
   * Sets the secret the instance's credentials hold under {@code key}, as if it changed at its source behind the
   * engine's back (a password rotated elsewhere): the engine is not told, so the instance's status stays as it
   * is, and the next credential lease (a call, a health check) reads the new value.
   */
  public void secret(String key, String value) {
    setup.secrets.put(key, Objects.requireNonNull(value, "value").toCharArray());
  }

  /**
   * Closes this host's engine, if still open, and starts a new engine for the same type, instance, caller,
   * egress, secrets and audit sink, with {@code settings} in place of the engine settings this host was built
   * with; the instance is not installed again. For a host restarted on durable stores: {@code settings} gives
   * the reopened stores, which must hold the instance.
   *
   * @throws IllegalStateException if the new engine does not hold the instance (the host is closed then)
   */
  public TestHost restart(Consumer<EngineBuilder> settings) {
    Objects.requireNonNull(settings, "settings");
    close();
    ConnectorEngine next = setup.newEngine(settings);
    Optional<ConnectorInstance> found = next.instances().get(setup.instanceId, setup.caller);
    if (found.isEmpty()) {
      next.close();
      throw new IllegalStateException("the restarted engine holds no instance " + setup.instanceId);
    }
    return new TestHost(setup, next, new LifecycleOutcome.Applied(found.get()));
  }

  @Override
  public void close() {
    engine.close();
  }

  static String describe(Failed f) {
    return f.failureClass().name() + " " + f.code() + ": " + f.message();
  }

  /** What every engine of one host shares: the type, instance, caller, egress, secrets and audit sink. */
  private record Setup(ConnectorType type, String instanceId, Caller caller,
      @Nullable Function<ConnectorInstance, EgressPolicy> egress, HeldSecrets secrets, RecordingAuditSink audit) {

    ConnectorEngine newEngine(Consumer<EngineBuilder> settings) {
      EngineBuilder builder = ConnectorEngines.builder().register(type).auditSink(audit)
          .policy(PolicyEngine.allowAll()).credentials(CredentialVault.of(secrets), instance -> secrets.refs());
      if (egress != null) {
        builder.egress(egress);
      }
      settings.accept(builder);
      return builder.build();
    }
  }

  /** Configures a {@link TestHost}. Not thread-safe. */
  public static final class Builder {
    private final ConnectorType type;
    private JsonNode config = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    private final Map<String, char[]> secrets = new LinkedHashMap<>();
    private @Nullable Function<ConnectorInstance, EgressPolicy> egress = instance -> EgressPolicy.loopbackOnly();
    private String instanceId = "test";
    private Caller caller = Caller.user("author", null);
    private Consumer<EngineBuilder> settings = b -> { };

    private Builder(ConnectorType type) {
      this.type = type;
    }

    /** The instance's config; default {@code {}}. */
    public Builder config(JsonNode value) {
      this.config = Objects.requireNonNull(value, "config").deepCopy();
      return this;
    }

    /**
     * A secret the instance's credentials hold under {@code key} (kept in memory by the host only); change it
     * later with {@link TestHost#secret}.
     */
    public Builder secret(String key, String value) {
      secrets.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value").toCharArray());
      return this;
    }

    /** The egress policy of the instance; default {@link EgressPolicy#loopbackOnly()}, for a stand-in provider. */
    public Builder egress(EgressPolicy value) {
      Objects.requireNonNull(value, "egress");
      this.egress = instance -> value;
      return this;
    }

    /**
     * The egress policy per instance, asked for each call and health check (so a test may change its answer);
     * default {@link EgressPolicy#loopbackOnly()} for every instance.
     */
    public Builder egress(Function<ConnectorInstance, EgressPolicy> perInstance) {
      this.egress = Objects.requireNonNull(perInstance, "egress");
      return this;
    }

    /**
     * Leaves egress as an engine without egress settings has it ({@link EgressPolicy#publicOnly()}: loopback and
     * other special-purpose addresses refused), to test what a host that opens nothing gets.
     */
    public Builder engineDefaultEgress() {
      this.egress = null;
      return this;
    }

    /** The instance's id; default {@code test}. */
    public Builder instanceId(String value) {
      this.instanceId = Objects.requireNonNull(value, "instanceId");
      return this;
    }

    /** The caller the helpers act as; default user {@code author} without a project. */
    public Builder caller(Caller value) {
      this.caller = Objects.requireNonNull(value, "caller");
      return this;
    }

    /** Further engine settings (webhooks, polling subscriber, job workers, clock, stores), applied last. */
    public Builder engine(Consumer<EngineBuilder> value) {
      this.settings = Objects.requireNonNull(value, "engine");
      return this;
    }

    /**
     * Builds the engine, installs and enables the instance.
     *
     * @throws IllegalStateException if the install or the enable was refused, or the instance is not active
     *     (the reason included)
     */
    public TestHost start() {
      TestHost host = tryStart();
      Optional<String> problem = host.startOutcome instanceof LifecycleOutcome.Refused r
          ? Optional.of("install refused: " + describe(r.failure()))
          : CertificationHost.enablingProblem(host.startOutcome);
      if (problem.isPresent()) {
        host.close();
        throw new IllegalStateException(problem.get());
      }
      return host;
    }

    /**
     * Builds the engine, installs the instance and, if the install was applied, enables it; returns the host
     * whatever came of it ({@link TestHost#startOutcome()}), so a test can look at a refused install, a failed
     * health check or rejected credentials.
     */
    public TestHost tryStart() {
      Setup setup = new Setup(type, instanceId, caller, egress, new HeldSecrets(secrets), new RecordingAuditSink());
      ConnectorEngine engine = setup.newEngine(settings);
      try {
        LifecycleOutcome outcome = engine.instances().install(InstanceDefinition.builder(instanceId, type.name())
            .config(config).owner(OwnerScope.user(caller.userId())).build(), caller);
        if (outcome instanceof LifecycleOutcome.Applied) {
          outcome = engine.instances().enable(instanceId, caller);
        }
        return new TestHost(setup, engine, outcome);
      } catch (RuntimeException e) {
        engine.close();
        throw e;
      }
    }
  }
}
