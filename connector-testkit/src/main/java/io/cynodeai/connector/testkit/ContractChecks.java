package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.CONTRACT;
import static io.cynodeai.connector.testkit.CheckCategory.SCHEMA;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.core.schema.JsonSchemaValidator;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The config and contract checks, run on a {@link CertificationHost} that accepted the type: install with the
 * given config, enable, then run every example's request on every path its operation offers (a sync call; a
 * job run to its final state, never just its submission) and expect {@code Succeeded} with data matching the
 * response schema, and exactly one invocation audit event with the same outcome. Not thread-safe; one
 * instance per run.
 */
final class ContractChecks {
  static final String CONFIG_CHECK = "config matches the config schema";
  static final String ENABLE_CHECK = "instance enables and reports healthy";

  private final ConnectorType type;
  private final CertificationHost host;
  private final List<Observed> observed = new ArrayList<>();

  ContractChecks(ConnectorType type, CertificationHost host) {
    this.type = type;
    this.host = host;
  }

  /** Installs and enables the instance; the contract checks can run only if both checks pass. */
  List<CheckResult> deploy(JsonNode config) {
    LifecycleOutcome installed = host.install(config);
    if (installed instanceof LifecycleOutcome.Refused r) {
      return List.of(CheckResult.fail(SCHEMA, CONFIG_CHECK, CertificationHost.describe(r.failure()) + "\n"
          + DescriptorChecks.NOT_RUN));
    }
    CheckResult configured = CheckResult.pass(SCHEMA, CONFIG_CHECK, "install accepted the config");
    Optional<String> problem = CertificationHost.enablingProblem(host.enable());
    CheckResult enabled = problem.isPresent()
        ? CheckResult.fail(CONTRACT, ENABLE_CHECK, problem.get() + "\n" + DescriptorChecks.NOT_RUN)
        : CheckResult.pass(CONTRACT, ENABLE_CHECK, "active");
    return List.of(configured, enabled);
  }

  /**
   * Runs every example of every operation against the deployed instance, on every path the operation offers:
   * a sync call, and a job run to its final state. Each response is checked against the response schema
   * here too, apart from values the engine redacted; what came back is kept for {@link #observed()}.
   */
  List<CheckResult> examples() {
    List<CheckResult> checks = new ArrayList<>();
    for (OperationDescriptor op : DescriptorChecks.distinctOperations(type)) {
      JsonSchemaValidator schema = JsonSchemaValidator.of(op.responseSchema());
      for (OperationExample example : DescriptorChecks.distinctExamples(op)) {
        for (CallPath path : CallPath.of(op)) {
          if (path == CallPath.SYNC) {
            CertificationHost.Invoked invoked = host.invoke(op, example.request(), ExecutionMode.SYNC);
            checks.add(succeeds(op, example, invoked.outcome(), schema).on(path));
            checks.add(audited(op, example, invoked.request().requestId(), invoked.outcome(), 1).on(path));
            keep(op, example, path, invoked.outcome());
          } else {
            CertificationHost.JobRun run = host.runJob(op, example.request(), jobWait(op));
            checks.add(jobSucceeds(op, example, run, schema).on(path));
            checks.add(run.finished()
                ? audited(op, example, run.request().requestId(), Objects.requireNonNull(run.job().outcome()),
                    run.job().attempts()).on(path)
                : CheckResult.fail(CONTRACT, auditName(op, example), "not checked: " + run.describe()).on(path));
            if (run.finished()) {
              keep(op, example, path, Objects.requireNonNull(run.job().outcome()));
            }
          }
        }
      }
    }
    return checks;
  }

  /** What the examples' calls returned, in the order they ran; only calls that succeeded. */
  List<Observed> observed() {
    return List.copyOf(observed);
  }

  /** How long a contract check waits for a job: its attempts' timeouts, plus 10 s. */
  static Duration jobWait(OperationDescriptor op) {
    return op.maxTimeout().multipliedBy(CertificationHost.JOB_ATTEMPTS).plusSeconds(10);
  }

  private void keep(OperationDescriptor op, OperationExample example, CallPath path, Outcome outcome) {
    if (outcome instanceof Succeeded s) {
      observed.add(new Observed(op, example, path, s.response()));
    }
  }

  private static CheckResult succeeds(OperationDescriptor op, OperationExample example, Outcome outcome,
      JsonSchemaValidator schema) {
    String name = DescriptorChecks.exampleName(op, example) + " succeeds";
    if (!(outcome instanceof Succeeded s)) {
      return CheckResult.fail(CONTRACT, name, "expected Succeeded, got " + CertificationHost.describe(outcome));
    }
    String problem = schemaProblem(s.response(), schema);
    return problem == null
        ? CheckResult.pass(CONTRACT, name, "Succeeded; the data matches the response schema")
        : CheckResult.fail(CONTRACT, name, "Succeeded, but " + problem);
  }

  private static CheckResult jobSucceeds(OperationDescriptor op, OperationExample example,
      CertificationHost.JobRun run, JsonSchemaValidator schema) {
    String name = DescriptorChecks.exampleName(op, example) + " succeeds";
    Job job = run.job();
    if (!run.finished() || job == null || job.state() != JobState.SUCCEEDED
        || !(job.outcome() instanceof Succeeded s)) {
      return CheckResult.fail(CONTRACT, name, "expected the job to succeed, got " + run.describe());
    }
    String problem = schemaProblem(s.response(), schema);
    String attempts = job.attempts() + (job.attempts() == 1 ? " job attempt" : " job attempts");
    return problem == null
        ? CheckResult.pass(CONTRACT, name, "job succeeded after " + attempts + "; its result matches the response"
            + " schema")
        : CheckResult.fail(CONTRACT, name, "the job succeeded, but " + problem);
  }

  /**
   * Why {@code response}'s data breaks the schema, or null: violations at or below a value the engine redacted
   * are not counted (the marker replaced a value the engine had validated), nor is a truncated response checked.
   */
  static @Nullable String schemaProblem(NormalizedResponse response, JsonSchemaValidator schema) {
    if (response.truncated()) {
      return null;
    }
    List<String> violations = new ArrayList<>();
    for (Violation v : schema.validate(response.data())) {
      boolean redacted = response.redactionsApplied().stream()
          .anyMatch(p -> v.pointer().equals(p) || v.pointer().startsWith(p + "/"));
      if (!redacted) {
        violations.add((v.pointer().isEmpty() ? "(root)" : v.pointer()) + ": " + v.message());
      }
    }
    return violations.isEmpty() ? null
        : "the data does not match the response schema:\n" + String.join("\n", violations);
  }

  private static String auditName(OperationDescriptor op, OperationExample example) {
    return DescriptorChecks.exampleName(op, example) + " is audited once with its outcome";
  }

  /**
   * The call's invocation audit events: one per attempt (a sync call is one attempt; a job makes one per job
   * attempt), the last with the final outcome.
   */
  private CheckResult audited(OperationDescriptor op, OperationExample example, String requestId, Outcome outcome,
      int attempts) {
    String name = auditName(op, example);
    List<AuditEvent> events = host.audit().events(
        e -> e.type() == AuditEventType.INVOCATION && requestId.equals(e.requestId()));
    if (events.size() != attempts) {
      return CheckResult.fail(CONTRACT, name, "expected " + attempts + " invocation audit event(s) for request "
          + requestId + (attempts == 1 ? "" : " (one per job attempt)") + ", found " + events.size());
    }
    AuditEvent event = events.get(events.size() - 1);
    String expected = expectedAuditOutcome(outcome);
    String actual = event.outcome() + (event.errorCode() == null ? "" : " " + event.errorCode());
    return expected.equals(actual)
        ? CheckResult.pass(CONTRACT, name, "one event, outcome " + actual)
        : CheckResult.fail(CONTRACT, name, "expected audit outcome " + expected + ", found " + actual);
  }

  /** A successful example call: which example, on which path, and the envelope it returned. */
  record Observed(OperationDescriptor op, OperationExample example, CallPath path, NormalizedResponse response) {}

  private static String expectedAuditOutcome(Outcome outcome) {
    if (outcome instanceof Failed f) {
      return f.failureClass().wireName() + " " + f.code();
    }
    return AuditEvent.SUCCEEDED;
  }
}
