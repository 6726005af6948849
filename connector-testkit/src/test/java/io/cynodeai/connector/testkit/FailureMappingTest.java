package io.cynodeai.connector.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.FailureClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The declared table of provider answers is replayed through the connector's own status mapping. */
@Tag("REQ-CERT-001")
class FailureMappingTest {

  static ProviderAnswers table() {
    return ProviderAnswers.pointing((config, base) -> ((ObjectNode) config).put("baseUrl", base.toString()))
        .expect(ProviderAnswer.status(401).json("{\"error\":\"bad key\"}"), FailureClass.PERMANENT,
            "credentials_rejected")
        .expect(ProviderAnswer.status(404), FailureClass.PERMANENT, "station_not_found")
        .expect(ProviderAnswer.status(429).retryAfterSeconds(7), FailureClass.QUOTA_EXCEEDED, "provider_rate_limited")
        .expect(ProviderAnswer.status(503).retryAfterDate(Duration.ofSeconds(30)), FailureClass.QUOTA_EXCEEDED,
            "provider_rate_limited")
        .expect(ProviderAnswer.status(502), FailureClass.TRANSIENT, "provider_unavailable");
  }

  private static List<CheckResult> mapping(CertificationReport report) {
    return report.checks().stream().filter(c -> c.category() == CheckCategory.FAILURE_MAPPING).toList();
  }

  @Test
  void aConnectorThatMapsAsDeclaredPassesEveryRowOnBothPaths() throws Exception {
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      CertificationReport report = ConnectorCertification.of(WeatherConnector.type()).config(provider.config())
          .allowLoopbackEgress().providerAnswers(table()).run();

      assertThat(report.failures()).isEmpty();
      List<CheckResult> checks = mapping(report);
      assertThat(checks).extracting(CheckResult::displayName).containsExactly(
          "current: provider answers 401 -> PERMANENT credentials_rejected [sync]",
          "current: provider answers 401 -> PERMANENT credentials_rejected [async job]",
          "current: provider answers 404 -> PERMANENT station_not_found [sync]",
          "current: provider answers 404 -> PERMANENT station_not_found [async job]",
          "current: provider answers 429 (Retry-After: 7 s) -> QUOTA_EXCEEDED provider_rate_limited [sync]",
          "current: provider answers 429 (Retry-After: 7 s) -> QUOTA_EXCEEDED provider_rate_limited [async job]",
          "current: provider answers 503 (Retry-After: HTTP date 30 s ahead) -> QUOTA_EXCEEDED provider_rate_limited"
              + " [sync]",
          "current: provider answers 503 (Retry-After: HTTP date 30 s ahead) -> QUOTA_EXCEEDED provider_rate_limited"
              + " [async job]",
          "current: provider answers 502 -> TRANSIENT provider_unavailable [sync]",
          "current: provider answers 502 -> TRANSIENT provider_unavailable [async job]");
      assertThat(checks.get(4).detail()).contains("retry after 7000 ms")
          .endsWith("the stub provider answered 1 request(s)");
      assertThat(checks.get(8).detail()).endsWith("the stub provider answered 3 request(s)");
    }
  }

  @Test
  void aWrongMappingOrAMissedRetryAfterFailsWithWhatWasExpectedAndWhatCameBack() throws Exception {
    ProviderAnswers wrong = ProviderAnswers.pointing((config, base) -> ((ObjectNode) config)
            .put("baseUrl", base.toString()))
        .expect(ProviderAnswer.status(404), FailureClass.PERMANENT, "not_found")
        .expect(ProviderAnswer.status(502).retryAfterSeconds(5), FailureClass.TRANSIENT, "provider_unavailable");
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      CertificationReport report = ConnectorCertification.of(WeatherConnector.type()).config(provider.config())
          .allowLoopbackEgress().providerAnswers(wrong).run();

      List<CheckResult> checks = mapping(report);
      assertThat(checks).allMatch(c -> !c.passed());
      assertThat(checks.get(0).detail()).isEqualTo("expected Failed PERMANENT not_found\ngot Failed PERMANENT "
          + "station_not_found: no such station, no retry-after; the stub provider answered 1 request(s)");
      assertThat(checks.get(2).detail()).startsWith("expected Failed TRANSIENT provider_unavailable retrying after 5 s"
          + "\ngot Failed TRANSIENT provider_unavailable: the weather API answered 502, no retry-after");
    }
  }

  @Test
  void aPointingFunctionThatMissesTheStubIsReportedAsSuch() throws Exception {
    ProviderAnswers unpointed = ProviderAnswers.pointing((config, base) -> config)
        .expect(ProviderAnswer.status(404), FailureClass.PERMANENT, "station_not_found");
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider()) {
      CertificationReport report = ConnectorCertification.of(WeatherConnector.type()).config(provider.config())
          .allowLoopbackEgress().providerAnswers(unpointed).run();

      assertThat(mapping(report).get(0).detail()).startsWith("the connector never reached the stub provider at "
          + "http://127.0.0.1:");
    }
  }
}
