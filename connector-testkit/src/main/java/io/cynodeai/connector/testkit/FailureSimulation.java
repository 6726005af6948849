package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.FAILURE_SIMULATION;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.testkit.FaultInjectingHandler.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The failure-simulation checks (§5, §15). For each operation and each fault, a fresh engine registers a copy
 * of the type holding only that operation, its handler wrapped in a {@link FaultInjectingHandler}, and runs
 * the operation's first example request. The copy keeps the declared retry count but waits 1–5 ms between
 * attempts, caps the timeout at the simulation timeout ({@value #TIMEOUT_MILLIS} ms unless the author chose
 * another; the engine's sync cap here), and skips the health
 * check (the contract checks ran it), so a simulation takes well under a second. Not thread-safe; one
 * instance per run.
 */
final class FailureSimulation {
  static final long TIMEOUT_MILLIS = 1000;
  /** The engine's per-call retry cap (§5.2) on simulation engines: its default, set explicitly. */
  static final int RETRY_CAP = 10;
  static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(1);
  static final Duration SLOW_RESPONSE = Duration.ofMillis(50);

  private final ConnectorType type;
  private final JsonNode config;
  private final HostHooks network;

  private final Duration simulationTimeout;

  FailureSimulation(ConnectorType type, JsonNode config, HostHooks network) {
    this(type, config, network, Duration.ofMillis(TIMEOUT_MILLIS));
  }

  FailureSimulation(ConnectorType type, JsonNode config, HostHooks network, Duration simulationTimeout) {
    this.simulationTimeout = simulationTimeout;
    this.type = type;
    this.config = config;
    this.network = network;
  }

  /** Every simulation for every operation that has an example to run. */
  List<CheckResult> run() {
    List<CheckResult> checks = new ArrayList<>();
    for (OperationDescriptor op : DescriptorChecks.distinctOperations(type)) {
      if (op.examples().isEmpty()) {
        continue;
      }
      JsonNode input = op.examples().get(0).request();
      for (CallPath path : CallPath.of(op)) {
        if (path == CallPath.SYNC) {
          checks.add(transientOnEveryAttempt(op, input).on(path));
          checks.add(transientOnFirstAttempt(op, input).on(path));
          checks.add(permanentFailure(op, input).on(path));
          checks.add(timeout(op, input).on(path));
          checks.add(slowResponse(op, input).on(path));
          checks.add(networkFailure(op, input).on(path));
        } else {
          new JobFailureSimulation(this, op, input).run().forEach(c -> checks.add(c.on(path)));
        }
      }
    }
    return checks;
  }

  private CheckResult transientOnEveryAttempt(OperationDescriptor op, JsonNode input) {
    int attempts = expectedAttempts(op);
    Trial trial = trial(op, input, Fault.TRANSIENT_ALWAYS, Duration.ZERO, network);
    return verdict(op.name() + ": transient failure on every attempt", trial,
        "Failed TRANSIENT " + FaultInjectingHandler.TRANSIENT_CODE + " after " + plural(attempts, "attempt")
            + " (max retries " + op.retryPolicy().maxRetries() + ", engine cap " + RETRY_CAP + ")",
        r -> failedWith(r.outcome(), FailureClass.TRANSIENT, FaultInjectingHandler.TRANSIENT_CODE)
            && r.attempts() == attempts);
  }

  private CheckResult transientOnFirstAttempt(OperationDescriptor op, JsonNode input) {
    Trial trial = trial(op, input, Fault.TRANSIENT_ONCE, Duration.ZERO, network);
    String name = op.name() + ": transient failure on the first attempt";
    if (op.retryPolicy().maxRetries() == 0) {
      return verdict(name, trial, "Failed TRANSIENT " + FaultInjectingHandler.TRANSIENT_CODE
          + " after 1 attempt (max retries 0: never retried)",
          r -> failedWith(r.outcome(), FailureClass.TRANSIENT, FaultInjectingHandler.TRANSIENT_CODE)
              && r.attempts() == 1);
    }
    return verdict(name, trial, "Succeeded after 2 attempts (retried once)",
        r -> r.outcome().succeeded() && r.attempts() == 2);
  }

  private CheckResult permanentFailure(OperationDescriptor op, JsonNode input) {
    Trial trial = trial(op, input, Fault.PERMANENT, Duration.ZERO, network);
    return verdict(op.name() + ": permanent failure", trial,
        "Failed PERMANENT " + FaultInjectingHandler.PERMANENT_CODE + " after 1 attempt (never retried)",
        r -> failedWith(r.outcome(), FailureClass.PERMANENT, FaultInjectingHandler.PERMANENT_CODE)
            && r.attempts() == 1);
  }

  private CheckResult timeout(OperationDescriptor op, JsonNode input) {
    Duration timeout = timeout(op);
    Duration limit = timeout.plus(TIMEOUT_MARGIN);
    Trial trial = trial(op, input, Fault.PAUSE, timeout.plusSeconds(5), network);
    return verdict(op.name() + ": handler exceeds its timeout", trial,
        "Failed TRANSIENT timeout within " + limit.toMillis() + " ms (timeout " + timeout.toMillis() + " ms)",
        r -> failedWith(r.outcome(), FailureClass.TRANSIENT, "timeout") && r.elapsed().compareTo(limit) <= 0);
  }

  private CheckResult slowResponse(OperationDescriptor op, JsonNode input) {
    Duration third = timeout(op).dividedBy(3);
    Duration delay = SLOW_RESPONSE.compareTo(third) <= 0 ? SLOW_RESPONSE : third;
    Trial trial = trial(op, input, Fault.PAUSE, delay, network);
    return verdict(op.name() + ": slow response", trial,
        "Succeeded after 1 attempt despite a " + delay.toMillis() + " ms delay",
        r -> r.outcome().succeeded() && r.attempts() == 1);
  }

  /**
   * Every connection fails: a connector must report it as a transient failure and leave retrying to the
   * engine, making at most one connection per attempt. One that answers anyway swallowed the failure.
   */
  private CheckResult networkFailure(OperationDescriptor op, JsonNode input) {
    String name = op.name() + ": network failure";
    FailingNetworkAccess failing = new FailingNetworkAccess();
    Trial trial = trial(op, input, Fault.NONE, Duration.ZERO, network.withNetworkOnly(failing));
    if (trial instanceof NotRun n) {
      return CheckResult.fail(FAILURE_SIMULATION, name, "not run: " + n.reason());
    }
    Ran r = (Ran) trial;
    int calls = failing.calls();
    String got = describe(r) + ", " + plural(calls, "connection") + " tried";
    if (calls == 0) {
      return CheckResult.notApplicable(FAILURE_SIMULATION, name,
          "the operation opened no connection through its context (" + got + ")");
    }
    int attempts = expectedAttempts(op);
    @Nullable String problem = null;
    if (r.outcome().succeeded()) {
      problem = "the connector swallowed the failure: it answered although every connection failed";
    } else if (calls > r.attempts()) {
      problem = "the connector retried on its own: " + plural(calls, "connection") + " in "
          + plural(r.attempts(), "attempt") + " (retrying is the engine's job)";
    } else if (((Failed) r.outcome()).failureClass() != FailureClass.TRANSIENT) {
      problem = "a network failure is transient (§5.1), but the connector reported it as "
          + ((Failed) r.outcome()).failureClass().name();
    } else if (r.attempts() != attempts) {
      problem = "expected " + plural(attempts, "attempt") + " (max retries " + op.retryPolicy().maxRetries() + ")";
    }
    return problem == null
        ? CheckResult.pass(FAILURE_SIMULATION, name, got)
        : CheckResult.fail(FAILURE_SIMULATION, name, problem + "\ngot " + got);
  }

  private Trial trial(OperationDescriptor op, JsonNode input, Fault fault, Duration pause, HostHooks net) {
    return trial(op, input, fault, pause, net, CallPath.SYNC, b -> { });
  }

  /**
   * Runs the operation once on a fresh engine with the fault injected: a sync call, or a job run to its final
   * state (the engine's settings adjusted by {@code extra}).
   */
  Trial trial(OperationDescriptor op, JsonNode input, Fault fault, Duration pause, HostHooks net, CallPath path,
      java.util.function.Consumer<EngineBuilder> extra) {
    OperationHandler original = Objects.requireNonNull(op.handler(), "handler");
    FaultInjectingHandler handler = new FaultInjectingHandler(original, fault, pause);
    ConnectorType copy = type.toBuilder()
        .clearOperations()
        .operation(op.toBuilder()
            .maxTimeout(timeout(op))
            .retry(op.retryPolicy().withDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
            .handler(handler))
        .healthCheck(HealthCheck.alwaysHealthy())
        .build();
    try (CertificationHost host = new CertificationHost(copy, net, b -> {
      settings(b);
      extra.accept(b);
    })) {
      Optional<String> problem = host.deploy(config);
      if (problem.isPresent()) {
        return new NotRun(problem.get());
      }
      if (path == CallPath.ASYNC) {
        CertificationHost.JobRun run = host.runJob(op, input, jobWait(op));
        if (!run.finished() || run.job() == null || run.job().outcome() == null) {
          return new NotRun("the job did not come to an outcome: " + run.describe());
        }
        return new Ran(run.job().outcome(), handler.attempts(), run.elapsed(), run.job());
      }
      CertificationHost.Invoked invoked = host.invoke(op, input, ExecutionMode.SYNC);
      return new Ran(invoked.outcome(), handler.attempts(), invoked.elapsed(), null);
    } catch (ConnectorException e) {
      return new NotRun("the engine refused the simulation copy of the type: " + e.getMessage());
    }
  }

  private void settings(EngineBuilder builder) {
    builder.limits(l -> l.withSyncTimeoutCap(simulationTimeout).withRetryCap(RETRY_CAP, 0.2, 10)
        .withCircuitBreaker(1000, Duration.ofSeconds(30)));
  }

  /** The hooks the simulations' engines are built with. */
  HostHooks hooks() {
    return network;
  }

  /** How long a simulated job may take: every attempt's retries timing out, plus 10 s. */
  Duration jobWait(OperationDescriptor op) {
    return timeout(op).plus(TIMEOUT_MARGIN).multipliedBy((long) expectedAttempts(op) * CertificationHost.JOB_ATTEMPTS)
        .plusSeconds(10);
  }

  Duration timeout(OperationDescriptor op) {
    Duration cap = simulationTimeout;
    return op.maxTimeout().compareTo(cap) < 0 ? op.maxTimeout() : cap;
  }

  static int expectedAttempts(OperationDescriptor op) {
    return Math.min(op.retryPolicy().maxRetries(), RETRY_CAP) + 1;
  }

  static boolean failedWith(Outcome outcome, FailureClass failureClass, String code) {
    return outcome instanceof Failed f && f.failureClass() == failureClass && f.code().equals(code);
  }

  static CheckResult verdict(String name, Trial trial, String expected, Predicate<Ran> meets) {
    if (trial instanceof NotRun n) {
      return CheckResult.fail(FAILURE_SIMULATION, name, "not run: " + n.reason());
    }
    Ran r = (Ran) trial;
    return meets.test(r)
        ? CheckResult.pass(FAILURE_SIMULATION, name, describe(r))
        : CheckResult.fail(FAILURE_SIMULATION, name, "expected " + expected + "\ngot " + describe(r));
  }

  static String describe(Ran r) {
    String job = r.job() == null ? "" : " (job " + r.job().state().wireName()
        + (r.job().deadLettered() ? ", dead-lettered" : "") + ", " + plural(r.job().attempts(), "job attempt") + ")";
    return CertificationHost.describe(r.outcome()) + " after " + plural(r.attempts(), "attempt") + " in "
        + r.elapsed().toMillis() + " ms" + job;
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** What a simulation came to. */
  sealed interface Trial permits NotRun, Ran {}

  /** The simulation could not invoke the operation. */
  record NotRun(String reason) implements Trial {}

  /**
   * The operation ran: its outcome, the handler attempts the wrapper counted, the caller's wait (for a job,
   * from submission to its final state) and, on the job path, the job as it ended.
   */
  record Ran(Outcome outcome, int attempts, Duration elapsed, @Nullable Job job) implements Trial {}
}
