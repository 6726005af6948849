package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.CONTRACT;
import static io.cynodeai.connector.testkit.CheckCategory.SCHEMA;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The config and contract checks, run on a {@link CertificationHost} that accepted the type: install with the
 * given config, enable, then invoke every example's request and expect {@code Succeeded} (the engine has
 * validated the response against the response schema by then) and exactly one invocation audit event with
 * the same outcome. Not thread-safe; one instance per run.
 */
final class ContractChecks {
  static final String CONFIG_CHECK = "config matches the config schema";
  static final String ENABLE_CHECK = "instance enables and reports healthy";

  private final ConnectorType type;
  private final CertificationHost host;

  ContractChecks(ConnectorType type, CertificationHost host) {
    this.type = type;
    this.host = host;
  }

  /** Installs and enables the instance; the contract checks can run only if both checks pass. */
  List<CheckResult> deploy(JsonNode config) {
    LifecycleOutcome installed = host.install(config);
    if (installed instanceof LifecycleOutcome.Rejected r) {
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

  /** Runs every example of every operation against the deployed instance. */
  List<CheckResult> examples() {
    List<CheckResult> checks = new ArrayList<>();
    for (OperationDescriptor op : DescriptorChecks.distinctOperations(type)) {
      for (OperationExample example : DescriptorChecks.distinctExamples(op)) {
        CertificationHost.Invoked invoked = host.invoke(op, example.request());
        checks.add(succeeds(op, example, invoked.outcome()));
        checks.add(audited(op, example, invoked));
      }
    }
    return checks;
  }

  private static CheckResult succeeds(OperationDescriptor op, OperationExample example, Outcome outcome) {
    String name = DescriptorChecks.exampleName(op, example) + " succeeds";
    return outcome.succeeded()
        ? CheckResult.pass(CONTRACT, name, "Succeeded; the data matches the response schema")
        : CheckResult.fail(CONTRACT, name, "expected Succeeded, got " + CertificationHost.describe(outcome));
  }

  private CheckResult audited(OperationDescriptor op, OperationExample example, CertificationHost.Invoked invoked) {
    String name = DescriptorChecks.exampleName(op, example) + " is audited once with its outcome";
    String requestId = invoked.request().requestId();
    List<AuditEvent> events = host.audit().events(
        e -> e.type() == AuditEventType.INVOCATION && requestId.equals(e.requestId()));
    if (events.size() != 1) {
      return CheckResult.fail(CONTRACT, name, "expected 1 invocation audit event for request " + requestId
          + ", found " + events.size());
    }
    AuditEvent event = events.get(0);
    String expected = expectedAuditOutcome(invoked.outcome());
    String actual = event.outcome() + (event.errorCode() == null ? "" : " " + event.errorCode());
    return expected.equals(actual)
        ? CheckResult.pass(CONTRACT, name, "one event, outcome " + actual)
        : CheckResult.fail(CONTRACT, name, "expected audit outcome " + expected + ", found " + actual);
  }

  private static String expectedAuditOutcome(Outcome outcome) {
    if (outcome instanceof Failed f) {
      return f.failureClass().wireName() + " " + f.code();
    }
    return AuditEvent.SUCCEEDED;
  }
}
