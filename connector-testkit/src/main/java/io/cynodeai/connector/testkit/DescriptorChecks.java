package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.DESCRIPTOR;
import static io.cynodeai.connector.testkit.CheckCategory.SCHEMA;

import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The descriptor and example-schema checks, read from what the engine's validation said about the type: the
 * engine validates every example against its operation's schemas when it loads a type, and names each
 * problem {@code operations.<op>.examples.<example>.request<pointer>: <message>}, so one load gives a verdict
 * per example without a second validator. Stateless; thread-safe.
 */
final class DescriptorChecks {
  static final String NOT_RUN = "contract and failure-simulation checks were not run";

  private DescriptorChecks() {}

  /**
   * @param type the type under certification
   * @param problems what the engine refused the type for; empty if it accepted it
   */
  static List<CheckResult> check(ConnectorType type, List<String> problems) {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(problems.isEmpty()
        ? CheckResult.pass(DESCRIPTOR, "type is accepted by the engine", type.coordinates() + " loaded")
        : CheckResult.fail(DESCRIPTOR, "type is accepted by the engine", "the engine refused " + type.coordinates()
            + ":\n" + String.join("\n", problems) + "\n" + NOT_RUN));
    List<OperationDescriptor> operations = distinctOperations(type);
    for (OperationDescriptor op : operations) {
      String name = op.name() + ": declares examples";
      checks.add(op.examples().isEmpty()
          ? CheckResult.fail(DESCRIPTOR, name, "operation " + op.name() + " has no examples, so its contract and "
              + "failure-simulation checks cannot run")
          : CheckResult.pass(DESCRIPTOR, name, op.examples().size() + " example(s)"));
    }
    for (OperationDescriptor op : operations) {
      for (OperationExample example : distinctExamples(op)) {
        checks.add(exampleCheck(op, example, "request", problems));
        checks.add(exampleCheck(op, example, "response", problems));
      }
    }
    return checks;
  }

  /** Operations by name, first declaration wins (the engine reports duplicates itself). */
  static List<OperationDescriptor> distinctOperations(ConnectorType type) {
    Set<String> seen = new HashSet<>();
    return type.operations().stream().filter(op -> seen.add(op.name())).toList();
  }

  /** Examples by name, first declaration wins (the engine reports duplicates itself). */
  static List<OperationExample> distinctExamples(OperationDescriptor op) {
    Set<String> seen = new HashSet<>();
    return op.examples().stream().filter(e -> seen.add(e.name())).toList();
  }

  /** {@code echo: example 'hello'}, how check names refer to an example. */
  static String exampleName(OperationDescriptor op, OperationExample example) {
    return op.name() + ": example '" + example.name() + "'";
  }

  private static CheckResult exampleCheck(OperationDescriptor op, OperationExample example, String part,
      List<String> problems) {
    String name = exampleName(op, example) + " " + part + " matches the " + part + " schema";
    String schemaField = "operations." + op.name() + "." + part + "_schema: ";
    if (problems.stream().anyMatch(p -> p.startsWith(schemaField))) {
      return CheckResult.fail(SCHEMA, name, "not checked: the " + part + " schema is missing or not valid");
    }
    String prefix = "operations." + op.name() + ".examples." + example.name() + "." + part;
    List<String> violations = new ArrayList<>();
    for (String problem : problems) {
      if (problem.startsWith(prefix + "/") || problem.startsWith(prefix + ": ")) {
        violations.add(located(problem.substring(prefix.length())));
      }
    }
    return violations.isEmpty()
        ? CheckResult.pass(SCHEMA, name, "valid")
        : CheckResult.fail(SCHEMA, name, String.join("\n", violations));
  }

  /** {@code /text: message} stays as it is; a violation at the root reads {@code (root): message}. */
  private static String located(String pointerAndMessage) {
    return pointerAndMessage.startsWith(": ") ? "(root)" + pointerAndMessage : pointerAndMessage;
  }
}
