package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.json;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-CERT-001")
class ContractChecksTest {

  /** The failed checks of the categories this test is about (the load, fuzz and security ones have their own). */
  private static List<String> failedNames(CertificationReport report) {
    return report.failures().stream().filter(c -> c.category().ordinal() <= CheckCategory.FAILURE_SIMULATION.ordinal())
        .map(CheckResult::name).toList();
  }

  private static String detail(CertificationReport report, String check) {
    return report.checks().stream().filter(c -> c.name().equals(check)).findFirst().orElseThrow().detail();
  }

  @Test
  void configBreakingTheConfigSchemaFailsTheConfigCheckAndStopsTheRun() {
    CertificationReport report = ConnectorCertification.of(notes(greet())).config(json("{\"greeting\":\"\"}")).run();

    assertThat(failedNames(report)).containsExactly("config matches the config schema");
    assertThat(detail(report, "config matches the config schema")).startsWith(
        "Failed VALIDATION_ERROR invalid_config: the config does not match the config schema of notes@1.0.0")
        .endsWith("\ncontract and failure-simulation checks were not run");
    assertThat(report.checks()).extracting(CheckResult::category)
        .doesNotContain(CheckCategory.CONTRACT, CheckCategory.FAILURE_SIMULATION);
  }

  @Test
  void instanceFailingItsHealthCheckFailsTheEnableCheckAndStopsTheRun() {
    ConnectorType type = notes(greet()).toBuilder()
        .healthCheck(context -> HealthResult.unhealthy("the notes store is offline"))
        .build();

    CertificationReport report = ConnectorCertification.of(type).config(CONFIG).run();

    assertThat(failedNames(report)).containsExactly("instance enables and reports healthy");
    assertThat(detail(report, "instance enables and reports healthy")).isEqualTo(
        "the instance is error after its health check: the notes store is offline\n"
            + "contract and failure-simulation checks were not run");
    assertThat(report.checks()).extracting(CheckResult::category).doesNotContain(CheckCategory.FAILURE_SIMULATION);
  }

  @Test
  void exampleThatFailsAtTheProviderFailsItsContractCheckWithClassCodeAndMessage() {
    CertificationReport report = ConnectorCertification.of(notes(greet().handler((ctx, in) -> {
      throw ProviderException.permanentFailure("unknown_person", "nobody called Ada here", null);
    }))).config(CONFIG).run();

    assertThat(detail(report, "greet: example 'hello' succeeds"))
        .isEqualTo("expected Succeeded, got Failed PERMANENT unknown_person: nobody called Ada here");
    assertThat(detail(report, "greet: example 'hello' is audited once with its outcome"))
        .isEqualTo("one event, outcome permanent unknown_person");
    assertThat(failedNames(report)).containsExactly(
        "greet: example 'hello' succeeds",
        "greet: transient failure on the first attempt",
        "greet: slow response");
  }

  @Test
  void handlerThatSwallowsErrorsAndAnswersOffSchemaFailsItsContractCheck() {
    CertificationReport report = ConnectorCertification.of(notes(greet().handler((ctx, in) -> {
      try {
        throw new IllegalStateException("notes store unavailable");
      } catch (RuntimeException e) {
        return HandlerResult.of(json("{\"error\":\"something went wrong\"}"));
      }
    }))).config(CONFIG).run();

    assertThat(report.passed()).isFalse();
    assertThat(failedNames(report)).containsExactly(
        "greet: example 'hello' succeeds",
        "greet: transient failure on the first attempt",
        "greet: slow response");
    assertThat(detail(report, "greet: example 'hello' succeeds")).isEqualTo("expected Succeeded, got Failed "
        + "PERMANENT response_schema_violation: the provider's response does not match the response schema of "
        + "'greet': /: violates 'required'");
    assertThat(detail(report, "greet: slow response")).startsWith("expected Succeeded after 1 attempt despite a "
        + "50 ms delay\ngot Failed PERMANENT response_schema_violation:");
  }
}
