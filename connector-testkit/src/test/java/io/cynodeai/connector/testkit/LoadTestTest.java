package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.count;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The load checks drive operations through the real engine and fail on the author's thresholds. */
@Tag("REQ-CERT-002")
class LoadTestTest {

  @Test
  void eachOperationIsDrivenWithinItsBoundAndReportsThroughputAndPercentiles() {
    AtomicInteger calls = new AtomicInteger();
    CertificationReport report = ConnectorCertification.of(notes(greet().handler((ctx, in) -> {
      calls.incrementAndGet();
      return HandlerResult.of(JsonNodeFactory.instance.objectNode().put("text", "Hello, Ada"));
    }), count())).config(CONFIG).load(LoadProfile.defaults().calls(120, Duration.ofSeconds(5)).threads(3)
        // what this test checks is the report; the p99 threshold has its own test, and a loaded machine can
        // stall one of 120 calls past the default 1 s
        .thresholds(0.01, Duration.ofSeconds(30))).run();

    List<CheckResult> load = checks(report);
    assertThat(load).extracting(CheckResult::name).containsExactly("greet: under load", "count: under load");
    assertThat(load).allMatch(CheckResult::passed);
    assertThat(load.get(0).detail()).matches("120 calls by 3 threads in \\d+ ms: [\\d.]+ calls/s; "
        + "p50 [\\d.]+ ms, p95 [\\d.]+ ms, p99 [\\d.]+ ms; 0 error\\(s\\)");
    assertThat(calls.get()).isGreaterThanOrEqualTo(120); // the contract and load calls, through the handler
  }

  @Test
  void aRunEndsAtItsTimeBoundWhenThatComesFirst() {
    CertificationReport report = ConnectorCertification.of(notes(greet().handler((ctx, in) -> {
      Thread.sleep(40); // a provider that takes 40 ms per call: the latency under load being measured
      return HandlerResult.of(JsonNodeFactory.instance.objectNode().put("text", "Hello, Ada"));
    }))).config(CONFIG).load(LoadProfile.defaults().calls(10_000, Duration.ofMillis(300)).threads(2)).run();

    String detail = checks(report).get(0).detail();
    int calls = Integer.parseInt(detail.substring(0, detail.indexOf(' ')));
    assertThat(calls).isBetween(2, 20);
  }

  @Test
  void aP99AboveTheThresholdFails() {
    CertificationReport report = ConnectorCertification.of(notes(greet().handler((ctx, in) -> {
      Thread.sleep(30); // a provider that takes 30 ms per call: the latency the p99 threshold judges
      return HandlerResult.of(JsonNodeFactory.instance.objectNode().put("text", "Hello, Ada"));
    }))).config(CONFIG).load(LoadProfile.defaults().calls(20, Duration.ofSeconds(5))
        .thresholds(0.01, Duration.ofMillis(10))).run();

    CheckResult greet = checks(report).get(0);
    assertThat(greet.passed()).isFalse();
    assertThat(greet.detail()).matches("(?s)p99 [\\d.]+ ms exceeds 10 ms\n20 calls by 4 threads.*");
  }

  @Test
  void anErrorRateAboveTheThresholdFailsAndNamesTheCodes() {
    AtomicInteger n = new AtomicInteger();
    CertificationReport report = ConnectorCertification.of(notes(count().handler((ctx, in) -> {
      if (n.incrementAndGet() % 4 == 0) {
        throw ProviderException.permanentFailure("flaky", "every fourth call fails", null);
      }
      return HandlerResult.of(JsonNodeFactory.instance.objectNode().put("length", 5));
    }))).config(CONFIG).load(LoadProfile.defaults().calls(100, Duration.ofSeconds(5)).thresholds(0.1,
        Duration.ofSeconds(1))).run();

    CheckResult load = checks(report).get(0);
    assertThat(load.passed()).isFalse();
    assertThat(load.detail()).startsWith("error rate 25.00% exceeds 10.00%").contains("{PERMANENT flaky=25}");
  }

  @Test
  void mutatingOperationsRunOnlyWhenOptedIn() {
    var post = greet().mutating(true).supportsIdempotency(true);

    CheckResult skipped = checks(ConnectorCertification.of(notes(post)).config(CONFIG).run()).get(0);
    CheckResult loaded = checks(ConnectorCertification.of(notes(post)).config(CONFIG)
        .load(LoadProfile.defaults().calls(30, Duration.ofSeconds(5)).includeMutating("greet")).run()).get(0);

    assertThat(skipped.applicable()).isFalse();
    assertThat(skipped.detail()).isEqualTo("not applicable: not run: mutating (opt in with "
        + "LoadProfile.includeMutating(\"greet\"))");
    assertThat(loaded.passed()).isTrue();
    assertThat(loaded.detail()).startsWith("30 calls by 4 threads");
  }

  @Test
  void profilesRejectNonsense() {
    assertThatThrownBy(() -> LoadProfile.defaults().calls(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxCalls must be >= 1, was 0");
    assertThatThrownBy(() -> LoadProfile.defaults().thresholds(1.5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxErrorRate must be between 0 and 1, was 1.5");
    assertThat(LoadTest.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 95)).isEqualTo(10);
    assertThat(LoadTest.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50)).isEqualTo(5);
  }

  private static List<CheckResult> checks(CertificationReport report) {
    return report.checks().stream().filter(c -> c.category() == CheckCategory.LOAD).toList();
  }
}
