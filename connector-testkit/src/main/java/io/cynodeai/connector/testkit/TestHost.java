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
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
 */
public final class TestHost implements AutoCloseable {
  /** How long {@link #runJob} waits for a job to finish. */
  public static final Duration JOB_WAIT = Duration.ofSeconds(30);

  private final ConnectorEngine engine;
  private final RecordingAuditSink audit;
  private final String instanceId;
  private final Caller caller;
  private final Object jobSignal = new Object();

  private TestHost(ConnectorEngine engine, RecordingAuditSink audit, String instanceId, Caller caller) {
    this.engine = engine;
    this.audit = audit;
    this.instanceId = instanceId;
    this.caller = caller;
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
    return audit;
  }

  public String instanceId() {
    return instanceId;
  }

  /** The caller every helper acts as (the instance's owner). */
  public Caller caller() {
    return caller;
  }

  /** The instance as the engine holds it now. */
  public ConnectorInstance instance() {
    return engine.instances().get(instanceId, caller).orElseThrow(
        () -> new IllegalStateException("instance " + instanceId + " is gone"));
  }

  /** Invokes {@code operation} synchronously. */
  public Outcome invoke(String operation, JsonNode input) {
    return engine.invoke(InvocationRequest.of(instanceId, operation, input, caller));
  }

  /** Invokes {@code operation} synchronously with an idempotency key (a mutating operation needs one). */
  public Outcome invoke(String operation, JsonNode input, String idempotencyKey) {
    return engine.invoke(InvocationRequest.of(instanceId, operation, input, caller)
        .withIdempotencyKey(Objects.requireNonNull(idempotencyKey, "idempotencyKey")));
  }

  /**
   * Submits {@code operation} as an async job and returns its id.
   *
   * @throws IllegalStateException if the engine refused it (the failure's class, code and message)
   */
  public String submit(String operation, JsonNode input, @Nullable String idempotencyKey) {
    JobService.Submission s = engine.jobs().submit(InvocationRequest.of(instanceId, operation, input, caller)
        .withMode(ExecutionMode.ASYNC).withIdempotencyKey(idempotencyKey));
    if (s instanceof JobService.Submission.Refused r) {
      throw new IllegalStateException("job refused: " + describe(r.failure()));
    }
    return ((JobService.Submission.Accepted) s).jobId();
  }

  /**
   * Waits until the job is succeeded, failed or canceled, and returns it.
   *
   * @throws IllegalStateException if it is unknown, or still not finished after {@code timeout}
   */
  public Job awaitJob(String jobId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (jobSignal) {
      while (true) {
        Optional<Job> job = engine.jobs().get(jobId, caller);
        if (job.isEmpty()) {
          throw new IllegalStateException("no job " + jobId);
        }
        long left = deadline - System.nanoTime();
        if (job.get().state().terminal()) {
          return job.get();
        }
        if (left <= 0) {
          throw new IllegalStateException("job " + jobId + " is still " + job.get().state().wireName() + " after "
              + timeout.toMillis() + " ms");
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
    return engine.poll(instanceId, caller);
  }

  /** Delivers a webhook request to one of the instance's subscriptions (the host needs {@code webhooks}). */
  public WebhookResult deliver(String subscription, WebhookDelivery delivery) {
    return engine.webhooks().deliver(instanceId, subscription, delivery);
  }

  @Override
  public void close() {
    engine.close();
  }

  static String describe(Failed f) {
    return f.failureClass().name() + " " + f.code() + ": " + f.message();
  }

  /** Configures a {@link TestHost}. Not thread-safe. */
  public static final class Builder {
    private final ConnectorType type;
    private JsonNode config = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    private final Map<String, char[]> secrets = new LinkedHashMap<>();
    private EgressPolicy egress = EgressPolicy.loopbackOnly();
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

    /** A secret the instance's credentials hold under {@code key} (kept in memory by the host only). */
    public Builder secret(String key, String value) {
      secrets.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value").toCharArray());
      return this;
    }

    /** The egress policy; default {@link EgressPolicy#loopbackOnly()}, for a stand-in provider. */
    public Builder egress(EgressPolicy value) {
      this.egress = Objects.requireNonNull(value, "egress");
      return this;
    }

    public Builder instanceId(String value) {
      this.instanceId = Objects.requireNonNull(value, "instanceId");
      return this;
    }

    /** The caller the helpers act as; default user {@code author} without a project. */
    public Builder caller(Caller value) {
      this.caller = Objects.requireNonNull(value, "caller");
      return this;
    }

    /** Further engine settings (webhooks, polling subscriber, job workers, clock), applied last. */
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
      RecordingAuditSink audit = new RecordingAuditSink();
      Map<String, char[]> held = Map.copyOf(secrets);
      Map<String, SecretRef> refs = new LinkedHashMap<>();
      held.keySet().forEach(k -> refs.put(k, new SecretRef("test", k)));
      SecretProvider provider = new SecretProvider() {
        @Override
        public String scheme() {
          return "test";
        }

        @Override
        public Optional<char[]> resolve(String name) {
          char[] value = held.get(name);
          return value == null ? Optional.empty() : Optional.of(value.clone());
        }
      };
      EgressPolicy policy = egress;
      Map<String, SecretRef> fixed = Map.copyOf(refs);
      EngineBuilder builder = ConnectorEngines.builder().register(type).auditSink(audit)
          .policy(PolicyEngine.allowAll()).egress(instance -> policy)
          .credentials(CredentialVault.of(provider), instance -> fixed);
      settings.accept(builder);
      TestHost host = new TestHost(builder.build(), audit, instanceId, caller);
      try {
        LifecycleOutcome installed = host.engine.instances().install(InstanceDefinition.builder(instanceId,
            type.name()).config(config).owner(OwnerScope.user(caller.userId())).build(), caller);
        if (installed instanceof LifecycleOutcome.Refused r) {
          throw new IllegalStateException("install refused: " + describe(r.failure()));
        }
        Optional<String> problem = CertificationHost.enablingProblem(host.engine.instances().enable(instanceId,
            caller));
        if (problem.isPresent()) {
          throw new IllegalStateException(problem.get());
        }
        return host;
      } catch (RuntimeException e) {
        host.close();
        throw e;
      }
    }
  }
}
