package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.count;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.json;
import static io.cynodeai.connector.testkit.TestConnectors.notes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.ResponseMetadata;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.schema.JsonSchemaValidator;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.testkit.ResponseMutator.Case;
import io.cynodeai.connector.testkit.ResponseMutator.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fuzz checks feed the real engine's normalization generated and mutated handler results, and the
 * invariants they judge it by catch each way normalization could go wrong.
 */
@Tag("REQ-CERT-003")
class ResponseFuzzingTest {
  private static final JsonNode SCHEMA = json("""
      {"type":"object","required":["text"],"additionalProperties":false,
       "properties":{"text":{"type":"string"},"token":{"type":"string"}}}""");
  private static final NormalizationInvariants INVARIANTS = new NormalizationInvariants(JsonSchemaValidator.of(SCHEMA),
      List.of(RedactionRule.of("/token")), 100);

  @Test
  void theEngineKeepsEveryInvariantForEveryKindOfCase() {
    CertificationReport report = ConnectorCertification.of(notes(greet().redact("/text"), count())).config(CONFIG)
        .fuzz(new FuzzProfile(42, 400)).run();

    List<CheckResult> fuzz = checks(report);
    assertThat(fuzz).extracting(CheckResult::name).containsExactly("greet: response normalization under fuzzing",
        "count: response normalization under fuzzing");
    assertThat(fuzz).allMatch(CheckResult::passed);
    for (Kind kind : Kind.values()) {
      assertThat(fuzz.get(0).detail()).contains(kind.label + "=");
    }
    assertThat(fuzz.get(1).detail()).contains("Failed PERMANENT response_schema_violation=", "Succeeded truncated=",
        "Failed PERMANENT response_not_json=", "Failed PERMANENT response_too_deep=",
        "Failed PERMANENT handler_returned_null=");
  }

  @Test
  void theSameSeedGeneratesTheSameCases() {
    String first = checks(ConnectorCertification.of(notes(count())).config(CONFIG).fuzz(new FuzzProfile(7, 60))
        .run()).get(0).detail();
    String again = checks(ConnectorCertification.of(notes(count())).config(CONFIG).fuzz(new FuzzProfile(7, 60))
        .run()).get(0).detail();
    String other = checks(ConnectorCertification.of(notes(count())).config(CONFIG).fuzz(new FuzzProfile(8, 60))
        .run()).get(0).detail();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aLeakedRedactedValueIsCaught() {
    JsonNode doc = json("{\"text\":\"hi\",\"token\":\"" + NormalizationInvariants.CANARY_PREFIX + "1\"}");

    String broken = INVARIANTS.check(tree(doc), succeeded(doc, List.of(), false));

    assertThat(broken).isEqualTo("the redacted value 'redaction-canary-1' appears in the outcome");
  }

  @Test
  void aResponseTheSchemaRefusesMustNotSucceed() {
    JsonNode doc = json("{\"text\":5}");

    assertThat(INVARIANTS.check(tree(doc), succeeded(doc, List.of(), false)))
        .startsWith("the engine passed on a response its schema refuses (/text: ");
  }

  @Test
  void aValidResponseMustNotFail() {
    assertThat(INVARIANTS.check(tree(json("{\"text\":\"hi\"}")),
        Failed.of(FailureClass.PERMANENT, "response_schema_violation", "no")))
        .startsWith("the engine refused a response its schema accepts");
  }

  @Test
  void anEngineErrorIsNotATypedFailure() {
    assertThat(INVARIANTS.check(new Case(Kind.NOT_JSON, HandlerResult.ofRawJson("{"), null),
        Failed.of(FailureClass.PERMANENT, "engine_error", "the engine failed")))
        .startsWith("the failure is not a typed normalization failure");
  }

  @Test
  void truncationFlagsMustBeHonest() {
    JsonNode small = json("{\"text\":\"hi\"}");
    JsonNode big = json("{\"text\":\"" + "x".repeat(200) + "\"}");

    assertThat(INVARIANTS.check(tree(small), succeeded(small, List.of("data truncated"), true)))
        .startsWith("flagged truncated although the redacted response (13 bytes) fits the cap of 100");
    assertThat(INVARIANTS.check(tree(big), succeeded(json("{\"text\":\"xx…\"}"), List.of(), true)))
        .isEqualTo("truncated without a warning saying so");
    assertThat(INVARIANTS.check(tree(big), succeeded(big, List.of(), false)))
        .isEqualTo("the data is 211 bytes, over the response cap of 100");
  }

  @Test
  void redactionMustBeAppliedAndListed() {
    JsonNode doc = json("{\"text\":\"hi\",\"token\":\"abc\"}");

    assertThat(INVARIANTS.check(tree(doc), succeeded(doc, List.of(), false)))
        .isEqualTo("the data is not the response with its redaction rules applied");
    assertThat(INVARIANTS.check(tree(doc), succeeded(json("{\"text\":\"hi\",\"token\":\"[REDACTED]\"}"),
        List.of(), false))).isEqualTo("redactions_applied does not list /token");
  }

  @Test
  void generatedDocumentsMatchTheirSchema() {
    JsonNode schema = json("""
        {"type":"object","required":["id","tags","when","kind"],"additionalProperties":false,
         "properties":{"id":{"type":"integer","minimum":5,"maximum":9},"tags":{"type":"array","minItems":2,
         "items":{"$ref":"#/definitions/tag"}},"when":{"type":"string","format":"date-time"},
         "kind":{"enum":["a","b"]},"note":{"type":["string","null"],"maxLength":3},
         "either":{"anyOf":[{"type":"boolean"},{"type":"string","minLength":4}]}},
         "definitions":{"tag":{"type":"string","minLength":1,"maxLength":8}}}""");
    SchemaSampler sampler = new SchemaSampler(schema, new Random(1));
    var compiled = JsonSchemaValidator.of(schema);

    for (int i = 0; i < 200; i++) {
      JsonNode doc = sampler.sample();
      assertThat(compiled.validate(doc)).as("%s", doc).isEmpty();
    }
  }

  private static Case tree(JsonNode doc) {
    return new Case(Kind.VALID, HandlerResult.of(doc), doc);
  }

  private static Succeeded succeeded(JsonNode data, List<String> warnings, boolean truncated) {
    ResponseMetadata metadata = new ResponseMetadata("r", "c", "i", "notes", "1.0.0", "greet", ExecutionMode.SYNC,
        null, 0, 1, Instant.EPOCH);
    return new Succeeded(new NormalizedResponse(metadata, data, warnings, List.of(), truncated));
  }

  private static List<CheckResult> checks(CertificationReport report) {
    return report.checks().stream().filter(c -> c.category() == CheckCategory.FUZZ).toList();
  }
}
