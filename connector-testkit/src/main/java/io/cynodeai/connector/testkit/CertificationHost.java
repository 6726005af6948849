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

/**
 * A real engine with an allow-all policy and a recording audit sink, holding the one connector type under
 * certification and the one instance made from the given config. Thread-safe as the engine is; close it
 * after use.
 */
final class CertificationHost implements AutoCloseable {
  static final Caller CALLER = Caller.user("certification", null);
  static final String INSTANCE_ID = "certification";

  private final String typeName;
  private final ConnectorEngine engine;
  private final RecordingAuditSink audit = new RecordingAuditSink();

  /**
   * Builds the engine.
   *
   * @throws io.cynodeai.connector.api.ConnectorException if the engine refuses the type
   */
  CertificationHost(ConnectorType type, HostHooks hooks, Consumer<EngineBuilder> settings) {
    EngineBuilder builder = ConnectorEngines.builder().register(type).auditSink(audit)
        .policy(PolicyEngine.allowAll());
    hooks.applyTo(builder);
    settings.accept(builder);
    this.typeName = type.name();
    this.engine = builder.build();
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
    if (installed instanceof LifecycleOutcome.Rejected r) {
      return Optional.of("install refused: " + describe(r.failure()));
    }
    return enablingProblem(enable());
  }

  /** Why an enable outcome did not leave the instance active, if it did not. */
  static Optional<String> enablingProblem(LifecycleOutcome enabled) {
    if (enabled instanceof LifecycleOutcome.Rejected r) {
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
    ExecutionMode mode = op.modes().contains(ExecutionMode.SYNC) ? ExecutionMode.SYNC : ExecutionMode.ASYNC;
    InvocationRequest request = InvocationRequest.of(INSTANCE_ID, op.name(), input, CALLER).withMode(mode);
    if (op.mutating()) {
      // A mutating operation refuses calls without a key (§2.3); a fresh one makes every check a first call.
      request = request.withIdempotencyKey("certification-" + request.requestId());
    }
    long start = System.nanoTime();
    Outcome outcome = engine.invoke(request);
    return new Invoked(request, outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  @Override
  public void close() {
    engine.close();
  }

  /** One invocation: what was asked, what came back, and how long the caller waited. */
  record Invoked(InvocationRequest request, Outcome outcome, Duration elapsed) {}

  /** An outcome as a report phrase: {@code Succeeded}, or {@code Failed TRANSIENT timeout: message}. */
  static String describe(Outcome outcome) {
    if (outcome instanceof Succeeded) {
      return "Succeeded";
    }
    Failed f = (Failed) outcome;
    return "Failed " + f.failureClass().name() + " " + f.code() + ": " + f.message();
  }
}
