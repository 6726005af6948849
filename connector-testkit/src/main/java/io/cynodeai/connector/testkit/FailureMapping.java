package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.FAILURE_MAPPING;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The failure-mapping checks: the {@link ProviderAnswers} table replayed through the connector's own code
 * against a {@link StubProvider}. Each row and operation runs on a fresh engine (a rate limit answer holds the
 * instance's later calls), holding a copy of the type with that operation alone, its timeout capped at the
 * simulation timeout, retries 1–5 ms apart, jobs given one attempt, egress open to loopback only and the
 * health check skipped (the stub answers every request with the row's failure). Not thread-safe; one instance
 * per run.
 */
final class FailureMapping {
  /** How far a carried Retry-After may fall short of the answer's: an HTTP date has whole seconds. */
  static final Duration RETRY_AFTER_SHORT = Duration.ofSeconds(2);
  /** How far it may exceed it. */
  static final Duration RETRY_AFTER_LONG = Duration.ofSeconds(1);

  private final ConnectorType type;
  private final JsonNode config;
  private final HostHooks hooks;
  private final Duration timeout;
  private final ProviderAnswers table;

  FailureMapping(ConnectorType type, JsonNode config, HostHooks hooks, Duration timeout, ProviderAnswers table) {
    this.type = type;
    this.config = config;
    this.hooks = new HostHooks(null, instance -> EgressPolicy.loopbackOnly(), hooks.vault(), hooks.refs());
    this.timeout = timeout;
    this.table = table;
  }

  List<CheckResult> run() {
    List<CheckResult> checks = new ArrayList<>();
    try (StubProvider stub = new StubProvider()) {
      JsonNode pointed;
      try {
        pointed = table.configFor(config, stub.baseUri());
      } catch (RuntimeException e) {
        return List.of(CheckResult.fail(FAILURE_MAPPING, "the config points at the stub provider",
            "the pointing function failed: " + e));
      }
      for (ProviderAnswers.Row row : table.rows()) {
        for (OperationDescriptor op : DescriptorChecks.distinctOperations(type)) {
          if (op.examples().isEmpty()) {
            continue;
          }
          for (CallPath path : CallPath.of(op)) {
            stub.answer(row.answer());
            checks.add(replay(row, op, path, pointed, stub).on(path));
          }
        }
      }
    }
    return checks;
  }

  private CheckResult replay(ProviderAnswers.Row row, OperationDescriptor op, CallPath path, JsonNode pointed,
      StubProvider stub) {
    String name = op.name() + ": provider answers " + row.answer() + " -> " + row.failureClass().name() + " "
        + row.code();
    Duration capped = op.maxTimeout().compareTo(timeout) < 0 ? op.maxTimeout() : timeout;
    ConnectorType copy = type.toBuilder().clearOperations()
        .operation(op.toBuilder().maxTimeout(capped)
            .retry(op.retryPolicy().withDelays(Duration.ofMillis(1), Duration.ofMillis(5))))
        .healthCheck(HealthCheck.alwaysHealthy())
        .build();
    @Nullable Outcome outcome;
    String got;
    try (CertificationHost host = new CertificationHost(copy, hooks, b -> b.limits(l -> l.withSyncTimeoutCap(timeout)
        .withRetryCap(FailureSimulation.RETRY_CAP, 0.2, 10).withCircuitBreaker(1000, Duration.ofSeconds(30)))
        .jobs(j -> j.withRetries(1, Duration.ofMillis(1), CertificationHost.JOB_RESULT_BYTES)))) {
      Optional<String> problem = host.deploy(pointed);
      if (problem.isPresent()) {
        return CheckResult.fail(FAILURE_MAPPING, name, "not run: " + problem.get());
      }
      if (path == CallPath.SYNC) {
        outcome = host.invoke(op, op.examples().get(0).request(), ExecutionMode.SYNC).outcome();
        got = CertificationHost.describe(outcome);
      } else {
        CertificationHost.JobRun run = host.runJob(op, op.examples().get(0).request(),
            capped.multipliedBy(FailureSimulation.expectedAttempts(op)).plusSeconds(10));
        outcome = run.finished() && run.job() != null ? run.job().outcome() : null;
        got = run.describe();
      }
    } catch (ConnectorException e) {
      return CheckResult.fail(FAILURE_MAPPING, name, "the engine refused the copy of the type: " + e.getMessage());
    }
    int requests = stub.requests();
    String detail = got + retryAfter(outcome) + "; the stub provider answered " + requests + " request(s)";
    if (requests == 0) {
      return CheckResult.fail(FAILURE_MAPPING, name, "the connector never reached the stub provider at "
          + stub.baseUri() + ": does the pointing function set the config field the connector calls?\ngot " + got);
    }
    return meets(row, outcome)
        ? CheckResult.pass(FAILURE_MAPPING, name, detail)
        : CheckResult.fail(FAILURE_MAPPING, name, "expected " + row.expected() + "\ngot " + detail);
  }

  private static boolean meets(ProviderAnswers.Row row, @Nullable Outcome outcome) {
    if (!(outcome instanceof Failed f) || f.failureClass() != row.failureClass() || !f.code().equals(row.code())) {
      return false;
    }
    Duration asked = row.answer().retryAfter();
    if (asked == null) {
      return true;
    }
    Duration carried = f.retryAfter();
    return carried != null && carried.compareTo(asked.minus(RETRY_AFTER_SHORT)) >= 0
        && carried.compareTo(asked.plus(RETRY_AFTER_LONG)) <= 0;
  }

  private static String retryAfter(@Nullable Outcome outcome) {
    if (outcome instanceof Failed f) {
      return f.retryAfter() == null ? ", no retry-after" : ", retry after " + f.retryAfter().toMillis() + " ms";
    }
    return "";
  }
}
