package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.TEXT_REQUEST;
import static io.cynodeai.connector.testkit.TestConnectors.json;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Redaction rules are checked against the response schema and against what the engine really returned. */
@Tag("REQ-CERT-001")
class RedactionChecksTest {
  static final JsonNode STATION_SCHEMA = json("""
      {"type":"object","required":["station"],"properties":{"station":{"type":"object",
       "properties":{"id":{"type":"string"},"operatorEmail":{"type":"string"}}}}}""");
  static final JsonNode STATION = json("{\"station\":{\"id\":\"KSEA\",\"operatorEmail\":\"ops@example.org\"}}");

  static OperationDescriptor.Builder station(String redaction) {
    return OperationDescriptor.builder("station").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
        .requestSchema(TEXT_REQUEST).responseSchema(STATION_SCHEMA)
        .redact(redaction)
        .example("seattle", json("{\"text\":\"KSEA\"}"), STATION)
        .handler((ctx, in) -> HandlerResult.of(STATION.deepCopy()));
  }

  private static List<CheckResult> redactionChecks(CertificationReport report) {
    return report.checks().stream().filter(c -> c.category() == CheckCategory.REDACTION).toList();
  }

  @Test
  void aMisspeltPointerFailsCertificationNamingTheMembersTheSchemaDeclares() {
    CertificationReport report = ConnectorCertification.of(notes(station("/station/operatorMail"))).config(CONFIG)
        .offline("station").run();

    assertThat(report.passed()).isFalse();
    List<CheckResult> checks = redactionChecks(report);
    assertThat(checks).extracting(CheckResult::displayName).containsExactly(
        "station: redaction /station/operatorMail matches the response schema",
        "station: redaction /station/operatorMail redacts the examples [sync, async job]");
    assertThat(checks.get(0).passed()).isFalse();
    assertThat(checks.get(0).detail()).isEqualTo("the response schema has no place /station/operatorMail can match,"
        + " so the rule redacts nothing: /station declares no member 'operatorMail' (it declares: id, operatorEmail)");
    assertThat(checks.get(1).passed()).isFalse();
    assertThat(checks.get(1).detail()).startsWith("the rule matches no value in any example response");
  }

  @Test
  void aCorrectPointerPassesAndIsShownToRedactOnEveryPath() {
    CertificationReport report = ConnectorCertification.of(notes(station("/station/operatorEmail"))).config(CONFIG)
        .offline("station").run();

    assertThat(report.failures()).isEmpty();
    List<CheckResult> checks = redactionChecks(report);
    assertThat(checks).extracting(CheckResult::displayName).containsExactly(
        "station: redaction /station/operatorEmail matches the response schema",
        "station: redaction /station/operatorEmail redacts the examples [sync, async job]");
    assertThat(checks.get(1).detail()).isEqualTo("2 value(s) came back as [REDACTED]");
  }

  @Test
  void pointersAreMatchedThroughWildcardsArraysRefsAndCombinators() {
    JsonNode schema = json("""
        {"type":"object","properties":{
          "items":{"type":"array","items":{"$ref":"#/definitions/item"}},
          "meta":{"allOf":[{"type":"object","properties":{"token":{"type":"string"}}}]},
          "extra":{"type":"object","additionalProperties":{"type":"object","properties":{"key":{}}}},
          "free":{},
          "count":{"type":"integer"}},
         "definitions":{"item":{"type":"object","properties":{"secret":{"type":"string"}}}}}""");

    assertThat(RedactionChecks.schemaProblem(schema, "/items/*/secret")).isNull();
    assertThat(RedactionChecks.schemaProblem(schema, "/items/3/secret")).isNull();
    assertThat(RedactionChecks.schemaProblem(schema, "/*/token")).isNull();
    assertThat(RedactionChecks.schemaProblem(schema, "/extra/anything/key")).isNull();
    assertThat(RedactionChecks.schemaProblem(schema, "/free/whatever/below")).isNull();
    assertThat(RedactionChecks.schemaProblem(schema, "/items/*/secrets")).contains(
        "/items/* declares no member 'secrets' (it declares: secret)");
    assertThat(RedactionChecks.schemaProblem(schema, "/items/first/secret")).contains(
        "/items is an array: 'first' is not an index or *");
    assertThat(RedactionChecks.schemaProblem(schema, "/count/value")).contains("/count is \"integer\"");
    assertThat(RedactionChecks.schemaProblem(schema, "count")).isEqualTo("not a JSON Pointer: count");
  }
}
