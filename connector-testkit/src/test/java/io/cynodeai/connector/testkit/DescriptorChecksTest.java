package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.count;
import static io.cynodeai.connector.testkit.TestConnectors.countWithoutExamples;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.json;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-CERT-001")
class DescriptorChecksTest {

  private static CertificationReport certify(ConnectorType type) {
    return ConnectorCertification.of(type).config(CONFIG).run();
  }

  /** The failed checks of the categories this test is about (the load, fuzz and security ones have their own). */
  private static List<String> failedNames(CertificationReport report) {
    return report.failures().stream().filter(c -> c.category().ordinal() <= CheckCategory.FAILURE_SIMULATION.ordinal())
        .map(CheckResult::name).toList();
  }

  private static String detail(CertificationReport report, String check) {
    return report.checks().stream().filter(c -> c.name().equals(check)).findFirst().orElseThrow().detail();
  }

  @Test
  void responseExampleBreakingItsSchemaFailsTheTypeCheckAndThatExampleCheck() {
    CertificationReport report = certify(notes(greet()
        .example("wrong", json("{\"text\":\"Ada\"}"), json("{\"text\":5}"))));

    assertThat(report.passed()).isFalse();
    assertThat(failedNames(report)).containsExactly(
        "type is accepted by the engine",
        "greet: example 'wrong' response matches the response schema");
    assertThat(detail(report, "greet: example 'wrong' response matches the response schema"))
        .isEqualTo("/text: expected type: String, found: Integer");
    assertThat(detail(report, "type is accepted by the engine")).isEqualTo("""
        the engine refused notes@1.0.0:
        operations.greet.examples.wrong.response/text: expected type: String, found: Integer
        contract and failure-simulation checks were not run""");
    assertThat(report.checks()).extracting(CheckResult::category)
        .containsOnly(CheckCategory.DESCRIPTOR, CheckCategory.SCHEMA);
  }

  @Test
  void requestExampleBreakingItsSchemaAtTheRootIsReportedAtTheRoot() {
    CertificationReport report = certify(notes(greet()
        .example("extra", json("{\"text\":\"Ada\",\"loud\":true}"), json("{\"text\":\"HELLO, ADA\"}"))));

    assertThat(failedNames(report)).containsExactly(
        "type is accepted by the engine",
        "greet: example 'extra' request matches the request schema");
    assertThat(detail(report, "greet: example 'extra' request matches the request schema"))
        .isEqualTo("(root): extraneous key [loud] is not permitted");
  }

  @Test
  void operationWithoutExamplesFailsOnlyItsDeclaresExamplesCheck() {
    CertificationReport report = certify(notes(greet(), countWithoutExamples()));

    assertThat(failedNames(report)).containsExactly("count: declares examples");
    assertThat(detail(report, "count: declares examples")).isEqualTo(
        "operation count has no examples, so its contract and failure-simulation checks cannot run");
    assertThat(report.checks()).extracting(CheckResult::name).filteredOn(name -> name.startsWith("count:"))
        .containsExactly("count: declares examples", "count: under load",
            "count: response normalization under fuzzing");
    assertThat(report.checks()).filteredOn(c -> c.name().startsWith("count: ") && !c.applicable())
        .extracting(CheckResult::detail).containsExactly("not applicable: not run: no example request to send",
            "not applicable: not run: no example request to send");
  }

  @Test
  void typeTheEngineRefusesIsReportedWithEveryProblem() {
    ConnectorType type = ConnectorType.builder("Notes", "1.0").configSchema("1", TestConnectors.CONFIG_SCHEMA)
        .operation(count().maxTimeout(Duration.ofMinutes(2)))
        .build();

    CertificationReport report = certify(type);

    assertThat(failedNames(report)).containsExactly("type is accepted by the engine");
    assertThat(detail(report, "type is accepted by the engine")).isEqualTo("""
        the engine refused Notes@1.0:
        connector_type: 'Notes' must match [a-z][a-z0-9-]{0,62}
        connector_type_version: '1.0' is not a semantic version (major.minor.patch)
        operations.count.max_timeout_ms: 120000 exceeds the engine's sync cap of 30000 ms; a long-running \
        operation must be async-only
        contract and failure-simulation checks were not run""");
  }

  @Test
  void examplesOfAnOperationWithoutAResponseSchemaAreNotChecked() {
    CertificationReport report = certify(notes(OperationDescriptor.builder("count")
        .modes(ExecutionMode.SYNC)
        .requestSchema(TestConnectors.TEXT_REQUEST)
        .example("five", json("{\"text\":\"hello\"}"), json("{\"length\":5}"))
        .handler((ctx, in) -> HandlerResult.of(in))));

    assertThat(failedNames(report)).containsExactly(
        "type is accepted by the engine",
        "count: example 'five' response matches the response schema");
    assertThat(detail(report, "count: example 'five' response matches the response schema"))
        .isEqualTo("not checked: the response schema is missing or not valid");
  }
}
