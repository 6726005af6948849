package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.count;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-CERT-001")
@Tag("REQ-RETRY-002")
class FailureSimulationTest {

  private static CertificationReport certify(ConnectorType type) {
    return ConnectorCertification.of(type).config(CONFIG).run();
  }

  private static CheckResult check(CertificationReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static long elapsedMillis(CheckResult check) {
    return Long.parseLong(check.detail().replaceAll("(?s).* in (\\d+) ms.*", "$1"));
  }

  @Test
  void transientFailureOnEveryAttemptIsRetriedAsDeclaredThenFailsTransient() {
    CheckResult check = check(certify(notes(greet())), "greet: transient failure on every attempt");

    assertThat(check.passed()).isTrue();
    assertThat(check.category()).isEqualTo(CheckCategory.FAILURE_SIMULATION);
    assertThat(check.detail()).startsWith("Failed TRANSIENT simulated_transient: simulated transient failure on "
        + "attempt 4 after 4 attempts in ");
  }

  @Test
  @Tag("REQ-RETRY-003")
  void retriesDeclaredBeyondTheEngineCapStopAtElevenAttempts() {
    CheckResult check = check(certify(notes(greet().retry(RetryPolicy.exponential(25)))),
        "greet: transient failure on every attempt");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith("Failed TRANSIENT simulated_transient: simulated transient failure on "
        + "attempt 11 after 11 attempts in ");
  }

  @Test
  void oneTransientFailureIsRetriedAndThenSucceeds() {
    CheckResult check = check(certify(notes(greet())), "greet: transient failure on the first attempt");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith("Succeeded after 2 attempts in ");
  }

  @Test
  void operationDeclaringNoRetriesFailsTransientOnTheFirstTransientFailure() {
    CheckResult check = check(certify(notes(count())), "count: transient failure on the first attempt");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith("Failed TRANSIENT simulated_transient: simulated transient failure on "
        + "attempt 1 after 1 attempt in ");
  }

  @Test
  void permanentFailureIsNeverRetried() {
    CheckResult check = check(certify(notes(greet())), "greet: permanent failure");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith("Failed PERMANENT simulated_permanent: simulated permanent failure after "
        + "1 attempt in ");
  }

  @Test
  void hungHandlerFailsWithATimeoutSoonAfterTheSimulationTimeout() {
    CheckResult check = check(certify(notes(greet())), "greet: handler exceeds its timeout");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith("Failed TRANSIENT timeout: the operation did not complete within its "
        + "timeout of 1000 ms after 1 attempt in ");
    assertThat(elapsedMillis(check)).isBetween(1000L, 2000L);
  }

  @Test
  void hungHandlerTimesOutAtTheOperationsOwnShorterTimeout() {
    CheckResult check = check(certify(notes(greet().maxTimeout(Duration.ofMillis(120)))),
        "greet: handler exceeds its timeout");

    assertThat(check.passed()).isTrue();
    assertThat(elapsedMillis(check)).isBetween(120L, 1120L);
  }

  @Test
  void slowResponseStillSucceeds() {
    CheckResult check = check(certify(notes(greet())), "greet: slow response");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith("Succeeded after 1 attempt in ");
    assertThat(elapsedMillis(check)).isGreaterThanOrEqualTo(50L);
  }

  @Test
  void providerSlowerThanTheSimulationTimeoutFailsTheSimulationsThatReachIt() {
    CertificationReport report = ConnectorCertification.of(notes(greet().handler((ctx, in) -> {
      Thread.sleep(400); // a provider slower than the 300 ms simulation timeout: the slowness under test
      return HandlerResult.of(TestConnectors.json("{\"text\":\"Hello, Ada\"}"));
    }))).config(CONFIG).simulationTimeout(Duration.ofMillis(300)).run();

    assertThat(report.failures()).filteredOn(c -> c.category() == CheckCategory.FAILURE_SIMULATION)
        .extracting(CheckResult::name).containsExactly(
        "greet: transient failure on the first attempt",
        "greet: slow response");
    assertThat(check(report, "greet: slow response").detail()).startsWith("expected Succeeded after 1 attempt "
        + "despite a 50 ms delay\ngot Failed TRANSIENT timeout: the operation did not complete within its timeout");
  }

  @Test
  void connectorOpeningNoConnectionPassesTheNetworkFailureCheckAsNotApplicable() {
    CheckResult check = check(certify(notes(greet())), "greet: network failure");

    assertThat(check.passed()).isTrue();
    assertThat(check.detail()).startsWith(
        "not applicable: the operation opened no connection through its context (Succeeded after 1 attempt in ")
        .endsWith(" ms, 0 connections tried)");
  }

  @Test
  void everyOperationGetsItsOwnSimulations() {
    List<String> names = certify(notes(greet(), count())).checks().stream()
        .filter(c -> c.category() == CheckCategory.FAILURE_SIMULATION).map(CheckResult::name).toList();

    assertThat(names).hasSize(12).filteredOn(n -> n.startsWith("count: ")).hasSize(6);
  }
}
