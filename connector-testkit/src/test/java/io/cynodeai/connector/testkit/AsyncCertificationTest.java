package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.TEXT_REQUEST;
import static io.cynodeai.connector.testkit.TestConnectors.TEXT_RESPONSE;
import static io.cynodeai.connector.testkit.TestConnectors.json;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Async operations are certified by running their jobs to the end, never by their submission. */
@Tag("REQ-CERT-001")
class AsyncCertificationTest {

  /** Upper-cases the text; {@code schemaBreakingJobs} makes its job results break the response schema. */
  static OperationDescriptor.Builder shout(boolean schemaBreakingJobs, ExecutionMode mode, ExecutionMode... more) {
    return OperationDescriptor.builder("shout")
        .modes(mode, more)
        .requestSchema(TEXT_REQUEST)
        .responseSchema(TEXT_RESPONSE)
        .retry(RetryPolicy.exponential(1))
        .example("ada", json("{\"text\":\"Ada\"}"), json("{\"text\":\"ADA\"}"))
        .handler((ctx, in) -> {
          String text = in.get("text").asText().toUpperCase(java.util.Locale.ROOT);
          return HandlerResult.of(schemaBreakingJobs && ctx.executionMode() == ExecutionMode.ASYNC
              ? JsonNodeFactory.instance.objectNode().put("shouted", text)
              : JsonNodeFactory.instance.objectNode().put("text", text));
        });
  }

  private static List<String> named(CertificationReport report, String category) {
    return report.checks().stream().filter(c -> c.category().label().equals(category))
        .map(CheckResult::displayName).toList();
  }

  @Test
  void anAsyncOnlyOperationIsCertifiedByItsJobsResultsAndTheJobPathsFailureSimulations() {
    CertificationReport report = ConnectorCertification.of(notes(shout(false, ExecutionMode.ASYNC))).config(CONFIG)
        .offline("shout").run();

    assertThat(report.failures()).isEmpty();
    assertThat(named(report, "contract")).containsExactly(
        "instance enables and reports healthy",
        "shout: example 'ada' succeeds [async job]",
        "shout: example 'ada' is audited once with its outcome [async job]");
    CheckResult succeeds = report.checks().get(report.checks().indexOf(report.checks().stream()
        .filter(c -> c.displayName().equals("shout: example 'ada' succeeds [async job]")).findFirst().orElseThrow()));
    assertThat(succeeds.detail()).isEqualTo("job succeeded after 1 job attempt; its result matches the response schema");
    assertThat(named(report, "failure-simulation")).containsExactly(
        "shout: transient failure on every attempt [async job]",
        "shout: transient failure on the first attempt [async job]",
        "shout: permanent failure [async job]",
        "shout: handler exceeds its timeout [async job]",
        "shout: slow response [async job]",
        "shout: network failure [async job]",
        "shout: result larger than the job store keeps [async job]");
    CheckResult everyAttempt = report.checks().stream()
        .filter(c -> c.displayName().equals("shout: transient failure on every attempt [async job]")).findFirst()
        .orElseThrow();
    assertThat(everyAttempt.detail()).startsWith("Failed TRANSIENT simulated_transient: simulated transient failure on attempt 4 after 4 attempts in ")
        .endsWith("(job failed, dead-lettered, 2 job attempts)");
    assertThat(named(report, "security")).contains(
        "connects only through its context's network access [async job]");
    assertThat(report.checks().stream().filter(c -> c.displayName().equals(
        "shout: result larger than the job store keeps [async job]")).findFirst().orElseThrow().detail())
        .startsWith("Failed PERMANENT result_too_large: the job's result is ").endsWith("(job failed, dead-lettered, 1 job attempt)");
  }

  @Test
  void aSyncOrAsyncOperationIsCertifiedOnBothPathsAndTheReportSaysWhichCheckCoveredWhich(@TempDir Path dir)
      throws Exception {
    ConnectorCertification certification = ConnectorCertification.of(
        notes(shout(false, ExecutionMode.SYNC, ExecutionMode.ASYNC))).config(CONFIG).offline("shout")
        .reportDirectory(dir);

    List<String> tests = certification.dynamicTests().map(t -> t.getDisplayName()).toList();

    assertThat(tests).contains(
        "[contract] shout: example 'ada' succeeds [sync]",
        "[contract] shout: example 'ada' succeeds [async job]",
        "[failure-simulation] shout: permanent failure [sync]",
        "[failure-simulation] shout: permanent failure [async job]",
        "[failure-simulation] shout: result larger than the job store keeps [async job]",
        "[load] shout: under load [sync]");
    assertThat(tests).doesNotHaveDuplicates();
    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("notes-1.0.0.json")));
    assertThat(json.get("certified").asBoolean()).isTrue();
    List<String> asyncChecks = new java.util.ArrayList<>();
    json.get("checks").forEach(c -> {
      if (c.get("paths").toString().contains("async job")) {
        asyncChecks.add(c.get("category").asText() + " | " + c.get("name").asText());
      }
    });
    assertThat(asyncChecks).hasSize(9).contains("contract | shout: example 'ada' succeeds");
    assertThat(Files.readString(dir.resolve("notes-1.0.0.txt")))
        .contains("PASS  contract            shout: example 'ada' succeeds [async job] -- job succeeded");
  }

  @Test
  void aJobWhoseResultBreaksTheResponseSchemaFailsCertificationOnTheAsyncPathOnly() {
    CertificationReport report = ConnectorCertification.of(
        notes(shout(true, ExecutionMode.SYNC, ExecutionMode.ASYNC))).config(CONFIG).offline("shout").run();

    assertThat(report.passed()).isFalse();
    CheckResult sync = report.checks().stream()
        .filter(c -> c.displayName().equals("shout: example 'ada' succeeds [sync]")).findFirst().orElseThrow();
    CheckResult async = report.checks().stream()
        .filter(c -> c.displayName().equals("shout: example 'ada' succeeds [async job]")).findFirst().orElseThrow();
    assertThat(sync.passed()).isTrue();
    assertThat(async.passed()).isFalse();
    assertThat(async.detail()).startsWith("expected the job to succeed, got job failed (dead-lettered), Failed ");
    assertThat(report.toText()).contains("FAIL  contract            shout: example 'ada' succeeds [async job] -- "
        + "expected the job to succeed");
  }

  @Test
  void aJobThatSucceedsOnItsSecondJobAttemptIsAuditedOncePerAttempt() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    OperationDescriptor.Builder flaky = OperationDescriptor.builder("flaky").modes(ExecutionMode.ASYNC)
        .requestSchema(TEXT_REQUEST).responseSchema(TEXT_RESPONSE).retry(RetryPolicy.none())
        .example("once", json("{\"text\":\"a\"}"), json("{\"text\":\"a\"}"))
        .handler((ctx, in) -> {
          if (calls.incrementAndGet() == 1) {
            throw io.cynodeai.connector.spi.ProviderException.transientFailure("blip", "first call fails", null);
          }
          return HandlerResult.of(in);
        });

    CertificationReport report = ConnectorCertification.of(notes(flaky)).config(CONFIG).offline("flaky").run();

    CheckResult succeeds = report.checks().stream()
        .filter(c -> c.displayName().equals("flaky: example 'once' succeeds [async job]")).findFirst().orElseThrow();
    CheckResult audited = report.checks().stream()
        .filter(c -> c.displayName().equals("flaky: example 'once' is audited once with its outcome [async job]"))
        .findFirst().orElseThrow();
    assertThat(succeeds.detail()).isEqualTo("job succeeded after 2 job attempts; its result matches the response "
        + "schema");
    assertThat(audited.passed()).as(audited.detail()).isTrue();
    assertThat(report.failures()).isEmpty();
  }
}
