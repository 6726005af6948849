package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.count;
import static io.cynodeai.connector.testkit.TestConnectors.countWithoutExamples;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.spi.ConnectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

@Tag("REQ-CERT-001")
class ConnectorCertificationTest {

  static List<String> categorizedNames(List<CheckResult> checks) {
    return checks.stream().map(c -> c.category().label() + " | " + c.name()).toList();
  }

  @Test
  void wellBehavedInMemoryConnectorPassesEveryCheck() {
    ConnectorProvider provider = () -> notes(greet(), count());

    CertificationReport report = ConnectorCertification.of(provider).config(CONFIG).offline("greet", "count").run();

    assertThat(report.passed()).isTrue();
    assertThat(report.failures()).isEmpty();
    assertThat(report.coordinates()).isEqualTo("notes@1.0.0");
    assertThat(categorizedNames(report.checks())).containsExactly(
        "descriptor | type is accepted by the engine",
        "descriptor | greet: declares examples",
        "descriptor | count: declares examples",
        "schema | greet: example 'hello' request matches the request schema",
        "schema | greet: example 'hello' response matches the response schema",
        "schema | count: example 'five' request matches the request schema",
        "schema | count: example 'five' response matches the response schema",
        "schema | config matches the config schema",
        "contract | instance enables and reports healthy",
        "contract | greet: example 'hello' succeeds",
        "contract | greet: example 'hello' is audited once with its outcome",
        "contract | count: example 'five' succeeds",
        "contract | count: example 'five' is audited once with its outcome",
        "load | greet: under load",
        "load | count: under load",
        "failure-simulation | greet: transient failure on every attempt",
        "failure-simulation | greet: transient failure on the first attempt",
        "failure-simulation | greet: permanent failure",
        "failure-simulation | greet: handler exceeds its timeout",
        "failure-simulation | greet: slow response",
        "failure-simulation | greet: network failure",
        "failure-simulation | count: transient failure on every attempt",
        "failure-simulation | count: transient failure on the first attempt",
        "failure-simulation | count: permanent failure",
        "failure-simulation | count: handler exceeds its timeout",
        "failure-simulation | count: slow response",
        "failure-simulation | count: network failure",
        "fuzz | greet: response normalization under fuzzing",
        "fuzz | count: response normalization under fuzzing",
        "security | leased secrets appear in no outcome, audit event or log",
        "security | connects only through its context's network access",
        "security | TLS is not turned off by config defaults",
        "security | secret-looking config fields are marked secret or refused",
        "security | mutating operations support idempotency or are never retried",
        "security | operations cap their payloads",
        "security | credential-like response fields are redacted",
        "security | credentials: the connector reads only the keys it declares");
  }

  @Test
  void assertCertifiedReturnsTheReportWhenEveryCheckPassed() {
    CertificationReport report = ConnectorCertification.of(notes(greet())).config(CONFIG).offline("greet")
        .assertCertified();

    assertThat(report.passed()).isTrue();
    assertThat(report.checks()).hasSize(24);
  }

  @Test
  void assertCertifiedThrowsAnAssertionErrorCarryingTheReportText() {
    ConnectorCertification certification = ConnectorCertification.of(notes(countWithoutExamples())).config(CONFIG);

    assertThatThrownBy(certification::assertCertified)
        .isInstanceOf(AssertionError.class)
        .hasMessage(certification.run().toText())
        .hasMessageContaining("FAIL  descriptor  count: declares examples -- operation count has no examples")
        .hasMessageEndingWith("NOT CERTIFIED\n");
  }

  @Test
  void theDynamicTestsWriteTheReportForAPersonAToolAndTheGateAndAreNamedAfterTheirChecks(@TempDir Path dir)
      throws Exception {
    List<DynamicTest> tests = ConnectorCertification.of(notes(greet())).config(CONFIG)
        .offline("greet").reportDirectory(dir).dynamicTests().toList();

    String base = "notes-" + notes(greet()).version();
    assertThat(Files.readString(dir.resolve(base + ".txt"))).startsWith("Connector certification of notes@")
        .contains("CERTIFIED");
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Files.readString(dir.resolve(base + ".json")));
    assertThat(json.get("certified").asBoolean()).isTrue();
    assertThat(json.get("checks")).hasSize(tests.size());
    assertThat(tests).extracting(DynamicTest::getDisplayName)
        .contains("[descriptor] " + json.get("checks").get(0).get("name").asText());
    io.cynodeai.connector.core.catalog.Certification record = io.cynodeai.connector.core.catalog.Certification
        .read(dir.resolve(base + ".certification.json"));
    assertThat(record.passed()).isTrue();
  }

  @Test
  void reportTextHasAHeaderOneLinePerCheckAndASummary() {
    CertificationReport report = ConnectorCertification.of(notes(greet())).config(CONFIG).offline("greet").run();

    List<String> lines = report.toText().lines().toList();

    assertThat(lines).hasSize(27);
    assertThat(lines.get(0)).isEqualTo("Connector certification of notes@1.0.0");
    assertThat(lines.get(1)).isEqualTo("PASS  descriptor          type is accepted by the engine -- notes@1.0.0 loaded");
    assertThat(lines.get(7)).isEqualTo(
        "PASS  contract            greet: example 'hello' succeeds [sync] -- Succeeded; the data matches the response"
            + " schema");
    assertThat(lines.subList(1, 9)).allMatch(line -> line.startsWith("PASS  "));
    assertThat(lines.get(9)).startsWith("PASS  load                greet: under load [sync] -- ");
    assertThat(lines.subList(10, 15)).allMatch(line -> line.startsWith("PASS  failure-simulation  "));
    assertThat(lines.get(15)).startsWith("N/A   failure-simulation  greet: network failure [sync] -- not applicable: ");
    assertThat(lines.get(16)).startsWith("PASS  fuzz                greet: response normalization under fuzzing [sync] -- ");
    assertThat(lines.get(17)).isEqualTo(CertificationReport.CHECKLIST_HEADING);
    assertThat(lines.subList(18, 26)).allMatch(line -> line.matches("(PASS|N/A )  security .*"));
    assertThat(lines.get(26)).isEqualTo("24 checks: 24 passed, 0 failed. CERTIFIED");
  }

  @Test
  void reportTextIndentsEveryFurtherLineOfADetail() {
    CertificationReport report = new CertificationReport("notes", "1.0.0", "d", List.of(
        CheckResult.pass(CheckCategory.SCHEMA, "config matches the config schema", "install accepted the config"),
        CheckResult.fail(CheckCategory.CONTRACT, "greet: example 'hello' succeeds", "expected Succeeded\ngot Failed")));

    assertThat(report.toText()).isEqualTo("""
        Connector certification of notes@1.0.0
        PASS  schema    config matches the config schema -- install accepted the config
        FAIL  contract  greet: example 'hello' succeeds -- expected Succeeded
              got Failed
        2 checks: 1 passed, 1 failed. NOT CERTIFIED
        """);
  }

  @Test
  void reportWithoutChecksHasNotPassed() {
    assertThat(new CertificationReport("notes", "1.0.0", "d", List.of()).passed()).isFalse();
  }

  @Test
  void dynamicTestsAreOnePerCheckNamedWithTheirCategory() {
    List<DynamicTest> tests = ConnectorCertification.of(notes(greet())).config(CONFIG).offline("greet")
        .dynamicTests().toList();

    assertThat(tests).hasSize(24);
    assertThat(tests.get(0).getDisplayName()).isEqualTo("[descriptor] type is accepted by the engine");
    assertThat(tests.get(8).getDisplayName()).isEqualTo("[load] greet: under load [sync]");
    assertThat(tests.get(14).getDisplayName()).isEqualTo("[failure-simulation] greet: network failure [sync]");
    assertThat(tests.get(15).getDisplayName()).isEqualTo("[fuzz] greet: response normalization under fuzzing [sync]");
    assertThat(tests.get(22).getDisplayName()).isEqualTo("[security] credential-like response fields are redacted");
  }

  @Test
  void dynamicTestOfAFailedCheckFailsWithItsNameAndDetail() {
    List<DynamicTest> tests = ConnectorCertification.of(notes(countWithoutExamples())).config(CONFIG)
        .dynamicTests().toList();

    DynamicTest declaresExamples = tests.stream()
        .filter(t -> t.getDisplayName().equals("[descriptor] count: declares examples")).findFirst().orElseThrow();
    assertThatThrownBy(() -> declaresExamples.getExecutable().execute())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("count: declares examples: operation count has no examples, so its contract and "
            + "failure-simulation checks cannot run");
  }

  @Test
  void runWithoutAConfigIsAProgrammingError() {
    assertThatThrownBy(() -> ConnectorCertification.of(notes(greet())).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no config: call config(..) with a valid instance configuration for notes@1.0.0");
  }
}
