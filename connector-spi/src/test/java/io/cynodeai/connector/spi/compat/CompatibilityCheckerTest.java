package io.cynodeai.connector.spi.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.SemanticVersion;
import io.cynodeai.connector.spi.compat.BreakingChange.Kind;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityCheckerTest {
  private static final String REQUEST = "operation readInbox request";
  private static final String RESPONSE = "operation readInbox response";

  private static final String CONFIG = """
      {"type": "object", "required": ["host"],
       "properties": {"host": {"type": "string"}, "port": {"type": "integer", "minimum": 1, "maximum": 65535}}}
      """;
  private static final String READ_REQUEST = """
      {"type": "object", "additionalProperties": false,
       "properties": {"folder": {"type": "string"}, "limit": {"type": "integer", "maximum": 100}}}
      """;
  private static final String READ_RESPONSE = """
      {"type": "object", "required": ["messages"],
       "properties": {"messages": {"type": "array", "items": {"type": "object", "required": ["id"],
         "properties": {"id": {"type": "string"}, "flag": {"type": "string", "enum": ["seen", "new"]}}}}}}
      """;

  @Test
  @Tag("REQ-VER-002")
  void anAdditiveOnlyMinorBumpReportsNothingAndIsAllowed() {
    ConnectorType older = baseline("1.0.0");
    ConnectorType newer = ConnectorType.builder("mail", "1.1.0")
        .configSchema("1", json("""
            {"type": "object", "required": ["host"],
             "properties": {"host": {"type": "string"}, "port": {"type": ["integer", "string"], "minimum": 0},
                            "tls": {"type": "boolean"}}}
            """))
        .operation(readInbox()
            .modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .maxTimeout(Duration.ofSeconds(60))
            .maxRequestBytes(OperationDescriptor.DEFAULT_MAX_PAYLOAD_BYTES * 2)
            .supportsIdempotency(true)
            .requestSchema(json("""
                {"type": "object", "additionalProperties": false,
                 "properties": {"folder": {"type": ["string", "null"], "description": "defaults to INBOX"},
                                "limit": {"type": "number", "maximum": 500}, "since": {"type": "string"}}}
                """))
            .responseSchema(json("""
                {"type": "object", "required": ["messages", "total"],
                 "properties": {"total": {"type": "integer"}, "messages": {"type": "array", "items": {
                   "type": "object", "required": ["id", "subject"], "properties": {"id": {"type": "string"},
                   "subject": {"type": "string"}, "flag": {"type": "string", "enum": ["seen"]}}}}}}
                """)))
        .operation(OperationDescriptor.builder("sendMail").modes(ExecutionMode.SYNC).mutating(true)
            .requestSchema(json("{}")).responseSchema(json("{}")))
        .build();

    CompatibilityReport report = CompatibilityChecker.check(older, newer);

    assertThat(report.breakingChanges()).isEmpty();
    assertThat(report.compatible()).isTrue();
    assertThat(report.versionChangeAllowed()).isTrue();
    assertThat(report.summary()).isEqualTo("mail@1.0.0 -> mail@1.1.0: compatible");
  }

  @Test
  @Tag("REQ-VER-002")
  void breakingChangesAreAllowedWhenTheMajorVersionIncreases() {
    ConnectorType newer = ConnectorType.builder("mail", "2.0.0").configSchema("2", json(CONFIG)).build();

    CompatibilityReport report = CompatibilityChecker.check(baseline("1.4.2"), newer);

    assertThat(report.breakingChanges()).extracting(BreakingChange::kind).containsExactly(Kind.OPERATION_REMOVED);
    assertThat(report.compatible()).isFalse();
    assertThat(report.majorVersionIncreased()).isTrue();
    assertThat(report.versionChangeAllowed()).isTrue();
    assertThat(report.summary()).startsWith("mail@1.4.2 -> mail@2.0.0: 1 breaking change, allowed by the major");
  }

  @Test
  @Tag("REQ-VER-002")
  void breakingChangesInAMinorBumpAreNotAllowed() {
    ConnectorType newer = ConnectorType.builder("mail", "1.1.0").configSchema("1", json(CONFIG)).build();

    CompatibilityReport report = CompatibilityChecker.check(baseline("1.0.0"), newer);

    assertThat(report.compatible()).isFalse();
    assertThat(report.versionIncreased()).isTrue();
    assertThat(report.versionChangeAllowed()).isFalse();
    assertThat(report.summary()).isEqualTo("mail@1.0.0 -> mail@1.1.0: not allowed, 1 breaking change need a major"
        + " version increase" + System.lineSeparator()
        + "  OPERATION_REMOVED at operation readInbox: no longer offered");
  }

  @Test
  @Tag("REQ-VER-002")
  void aNewerVersionThatIsNotGreaterIsFlaggedEvenWithoutChanges() {
    CompatibilityReport same = CompatibilityChecker.check(baseline("1.2.0"), baseline("1.2.0"));
    CompatibilityReport lower = CompatibilityChecker.check(baseline("2.0.0"), baseline("1.9.9"));

    assertThat(same.compatible()).isTrue();
    assertThat(same.versionIncreased()).isFalse();
    assertThat(same.versionChangeAllowed()).isFalse();
    assertThat(lower.versionChangeAllowed()).isFalse();
    assertThat(lower.summary()).isEqualTo("mail@2.0.0 -> mail@1.9.9: not allowed, the version does not increase");
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAnOperationMissingFromTheNewerVersion() {
    ConnectorType newer = ConnectorType.builder("mail", "1.1.0").configSchema("1", json(CONFIG)).build();

    assertThat(changes(baseline("1.0.0"), newer))
        .containsExactly(tuple(Kind.OPERATION_REMOVED, "operation readInbox"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsARemovedExecutionMode() {
    ConnectorType older = withReadInbox(op -> op.modes(ExecutionMode.SYNC, ExecutionMode.ASYNC), "1.0.0");
    ConnectorType newer = withReadInbox(op -> op.modes(ExecutionMode.ASYNC), "1.1.0");

    assertThat(changes(older, newer)).containsExactly(tuple(Kind.MODE_REMOVED, "operation readInbox modes"));
    assertThat(CompatibilityChecker.check(older, newer).breakingChanges().get(0).description())
        .isEqualTo("sync is no longer supported");
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAReducedTimeoutCap() {
    ConnectorType newer = withReadInbox(op -> op.maxTimeout(Duration.ofSeconds(5)), "1.1.0");

    assertThat(CompatibilityChecker.check(baseline("1.0.0"), newer).breakingChanges())
        .containsExactly(new BreakingChange(Kind.TIMEOUT_REDUCED, "operation readInbox maxTimeout",
            "10000 ms -> 5000 ms"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAReducedRequestSizeCap() {
    ConnectorType newer = withReadInbox(op -> op.maxRequestBytes(1024), "1.1.0");

    assertThat(changes(baseline("1.0.0"), newer))
        .containsExactly(tuple(Kind.REQUEST_SIZE_REDUCED, "operation readInbox maxRequestBytes"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAReducedResponseSizeCap() {
    ConnectorType newer = withReadInbox(op -> op.maxResponseBytes(1024), "1.1.0");

    assertThat(changes(baseline("1.0.0"), newer))
        .containsExactly(tuple(Kind.RESPONSE_SIZE_REDUCED, "operation readInbox maxResponseBytes"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsDroppedIdempotencySupport() {
    ConnectorType older = withReadInbox(op -> op.supportsIdempotency(true), "1.0.0");

    assertThat(changes(older, baseline("1.1.0")))
        .containsExactly(tuple(Kind.IDEMPOTENCY_DROPPED, "operation readInbox supportsIdempotency"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAnOperationThatBecameMutating() {
    ConnectorType newer = withReadInbox(op -> op.mutating(true), "1.1.0");

    assertThat(changes(baseline("1.0.0"), newer))
        .containsExactly(tuple(Kind.BECAME_MUTATING, "operation readInbox mutating"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsANewRedactionRule() {
    ConnectorType older = withReadInbox(op -> op.redact("/messages/*/id"), "1.0.0");
    ConnectorType newer = withReadInbox(op -> op.redact("/messages/*/id").redact("/messages/*/flag"), "1.1.0");

    assertThat(CompatibilityChecker.check(older, newer).breakingChanges())
        .containsExactly(new BreakingChange(Kind.REDACTION_ADDED, "operation readInbox redactions",
            "/messages/*/flag is now redacted"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAPropertyRemovedFromAResponse() {
    assertThat(responseChanges(READ_RESPONSE, READ_RESPONSE.replace("\"flag\"", "\"flags\"")))
        .containsExactly(tuple(Kind.PROPERTY_REMOVED, RESPONSE + " /properties/messages/items/properties/flag"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAPropertyRemovedFromARequestThatRefusesUndeclaredProperties() {
    assertThat(requestChanges(READ_REQUEST, """
        {"type": "object", "additionalProperties": false, "properties": {"limit": {"type": "integer"}}}
        """)).containsExactly(tuple(Kind.PROPERTY_REMOVED, REQUEST + " /properties/folder"));
  }

  @Test
  void aPropertyRemovedFromAnOpenRequestIsStillAccepted() {
    assertThat(requestChanges("""
        {"type": "object", "properties": {"folder": {"type": "string"}}}
        """, """
        {"type": "object", "properties": {}}
        """)).isEmpty();
  }

  @Test
  @Tag("REQ-VER-002")
  void aPropertyRemovedFromARequestIsComparedWithTheNewAdditionalPropertiesSchema() {
    assertThat(requestChanges("""
        {"type": "object", "properties": {"folder": {"type": "string"}}}
        """, """
        {"type": "object", "additionalProperties": {"type": "integer"}}
        """)).containsExactly(
            tuple(Kind.TYPE_NARROWED, REQUEST + " /properties/folder"),
            tuple(Kind.TYPE_NARROWED, REQUEST + " /additionalProperties"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAConfigPropertyThatBecameRequired() {
    ConnectorType newer = withConfig(CONFIG.replace("[\"host\"]", "[\"host\", \"port\"]"), "1.1.0");

    assertThat(CompatibilityChecker.check(baseline("1.0.0"), newer).breakingChanges())
        .containsExactly(new BreakingChange(Kind.REQUIRED_ADDED, "config /properties/port", "is now required"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAResponsePropertyThatIsNoLongerRequired() {
    assertThat(responseChanges(READ_RESPONSE, READ_RESPONSE.replace("\"required\": [\"id\"]", "\"required\": []")))
        .containsExactly(tuple(Kind.REQUIRED_REMOVED, RESPONSE + " /properties/messages/items/properties/id"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsARequestThatStoppedAcceptingUndeclaredProperties() {
    assertThat(requestChanges("""
        {"type": "object", "properties": {"folder": {"type": "string"}}}
        """, """
        {"type": "object", "properties": {"folder": {"type": "string"}}, "additionalProperties": false}
        """)).containsExactly(tuple(Kind.ADDITIONAL_PROPERTIES_CLOSED, REQUEST + " /"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsARequestTypeNarrowedFromNullableAndFromNumberToInteger() {
    assertThat(requestChanges("""
        {"type": "object", "properties": {"folder": {"type": ["string", "null"]}, "limit": {"type": "number"}}}
        """, """
        {"type": "object", "properties": {"folder": {"type": "string"}, "limit": {"type": "integer"}}}
        """)).containsExactly(
            tuple(Kind.TYPE_NARROWED, REQUEST + " /properties/folder"),
            tuple(Kind.TYPE_NARROWED, REQUEST + " /properties/limit"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAResponseTypeWidenedToNullable() {
    CompatibilityReport report = CompatibilityChecker.check(withResponse(READ_RESPONSE, "1.0.0"),
        withResponse(READ_RESPONSE.replace("\"id\": {\"type\": \"string\"}",
            "\"id\": {\"type\": [\"string\", \"null\"]}"), "1.1.0"));

    assertThat(report.breakingChanges()).containsExactly(new BreakingChange(Kind.TYPE_WIDENED,
        RESPONSE + " /properties/messages/items/properties/id",
        "type \"string\" -> [\"string\",\"null\"]: may now be null"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsEachEnumValueARequestNoLongerAccepts() {
    assertThat(requestChanges("""
        {"properties": {"folder": {"enum": ["inbox", "sent", "spam"]}}}
        """, """
        {"properties": {"folder": {"enum": ["inbox"]}}}
        """)).containsExactly(
            tuple(Kind.ENUM_NARROWED, REQUEST + " /properties/folder"),
            tuple(Kind.ENUM_NARROWED, REQUEST + " /properties/folder"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAnEnumValueAddedToAResponse() {
    CompatibilityReport report = CompatibilityChecker.check(withResponse(READ_RESPONSE, "1.0.0"),
        withResponse(READ_RESPONSE.replace("[\"seen\", \"new\"]", "[\"seen\", \"new\", \"flagged\"]"), "1.1.0"));

    assertThat(report.breakingChanges()).containsExactly(new BreakingChange(Kind.ENUM_WIDENED,
        RESPONSE + " /properties/messages/items/properties/flag", "value \"flagged\" may now be returned"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @Tag("REQ-VER-002")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'maxLength': 100                    | 'maxLength': 50",
      "'minLength': 1                      | 'minLength': 2",
      "'maxItems': 10                      | 'maxItems': 9",
      "'minItems': 0                       | 'minItems': 1",
      "'maxProperties': 3                  | 'maxProperties': 2",
      "'minProperties': 1                  | 'minProperties': 2",
      "'maximum': 100                      | 'maximum': 99.5",
      "'maximum': 100                      | 'exclusiveMaximum': 100",
      "'minimum': 0                        | 'minimum': 1",
      "'exclusiveMinimum': 0               | 'exclusiveMinimum': 1",
      "'multipleOf': 2                     | 'multipleOf': 4",
      "'uniqueItems': false                | 'uniqueItems': true",
      "'title': 'no limit'                 | 'maxLength': 10"})
  void reportsARequestLimitThatTightened(String olderKeywords, String newerKeywords) {
    assertThat(requestChanges(limited(olderKeywords), limited(newerKeywords)))
        .containsExactly(tuple(Kind.LIMIT_TIGHTENED, REQUEST + " /properties/value"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'maxLength': 50      | 'maxLength': 100",
      "'minimum': 1         | 'minimum': 0",
      "'multipleOf': 4      | 'multipleOf': 2",
      "'maximum': 100       | 'maximum': 100.0",
      "'minItems': 0        | 'title': 'no limit'"})
  void aRequestLimitThatLoosenedOrStayedIsNotReported(String olderKeywords, String newerKeywords) {
    assertThat(requestChanges(limited(olderKeywords), limited(newerKeywords))).isEmpty();
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsAResponseLimitThatLoosened() {
    assertThat(responseChanges(limited("'maxLength': 50, 'minimum': 1"), limited("'maxLength': 80")))
        .containsExactly(
            tuple(Kind.LIMIT_LOOSENED, RESPONSE + " /properties/value"),
            tuple(Kind.LIMIT_LOOSENED, RESPONSE + " /properties/value"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsARequestPatternThatChanged() {
    assertThat(requestChanges(limited("'pattern': '^[a-z]+$'"), limited("'pattern': '^[a-z]{1,8}$'")))
        .containsExactly(tuple(Kind.PATTERN_CHANGED, REQUEST + " /properties/value"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsARequestFormatThatWasIntroduced() {
    assertThat(requestChanges(limited("'type': 'string'"), limited("'type': 'string', 'format': 'email'")))
        .containsExactly(tuple(Kind.FORMAT_CHANGED, REQUEST + " /properties/value"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsOneUnanalyzedChangeWhenCompositionsOrReferencesDiffer() {
    CompatibilityReport report = CompatibilityChecker.check(withRequest("""
        {"definitions": {"id": {"type": "string"}}, "properties": {"folder": {"$ref": "#/definitions/id"}},
         "oneOf": [{"required": ["folder"]}]}
        """, "1.0.0"), withRequest("""
        {"definitions": {"id": {"type": "integer"}}, "properties": {"folder": {"$ref": "#/definitions/id"}},
         "oneOf": [{"required": ["folder"]}, {"required": ["limit"]}]}
        """, "1.1.0"));

    assertThat(report.breakingChanges()).containsExactly(new BreakingChange(Kind.SCHEMA_CHANGED_UNANALYZED,
        REQUEST + " /", "cannot prove compatible: definitions, oneOf changed"));
  }

  @Test
  @Tag("REQ-VER-002")
  void aSchemaMissingFromTheNewerVersionCannotBeProvedCompatible() {
    ConnectorType newer = ConnectorType.builder("mail", "1.1.0").operation(readInbox()).build();

    assertThat(changes(baseline("1.0.0"), newer))
        .containsExactly(tuple(Kind.SCHEMA_CHANGED_UNANALYZED, "config /"));
  }

  @Test
  @Tag("REQ-VER-002")
  void reportsEveryBreakingChangeInOnePassThroughNestedItemsAndProperties() {
    assertThat(responseChanges(READ_RESPONSE, """
        {"type": "object",
         "properties": {"messages": {"type": ["array", "null"], "items": {"type": "object",
           "properties": {"id": {"type": "number"}, "flag": {"type": "string"}}}}}}
        """)).containsExactly(
            tuple(Kind.TYPE_WIDENED, RESPONSE + " /properties/messages"),
            tuple(Kind.TYPE_WIDENED, RESPONSE + " /properties/messages/items/properties/id"),
            tuple(Kind.ENUM_WIDENED, RESPONSE + " /properties/messages/items/properties/flag"),
            tuple(Kind.REQUIRED_REMOVED, RESPONSE + " /properties/messages/items/properties/id"),
            tuple(Kind.REQUIRED_REMOVED, RESPONSE + " /properties/messages"));
  }

  @Test
  void aResponsePropertyAddedUnderClosedAdditionalPropertiesIsAdditive() {
    assertThat(responseChanges("""
        {"type": "object", "additionalProperties": false, "properties": {"id": {"type": "string"}}}
        """, """
        {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}}
        """)).isEmpty();
  }

  @Test
  void locationsEscapePropertyNamesAsJsonPointerTokens() {
    assertThat(requestChanges("""
        {"properties": {"a/b~c": {"type": "string"}}}
        """, """
        {"properties": {"a/b~c": {"type": "integer"}}}
        """)).containsExactly(tuple(Kind.TYPE_NARROWED, REQUEST + " /properties/a~1b~0c"));
  }

  @Test
  void refusesToCompareDifferentTypesOrVersionsThatAreNotSemantic() {
    ConnectorType other = ConnectorType.builder("chat", "1.1.0").configSchema("1", json(CONFIG)).build();
    ConnectorType unversioned = ConnectorType.builder("mail", "1.1").configSchema("1", json(CONFIG)).build();

    assertThatThrownBy(() -> CompatibilityChecker.check(baseline("1.0.0"), other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mail@1.0.0 and chat@1.1.0");
    assertThatThrownBy(() -> CompatibilityChecker.check(baseline("1.0.0"), unversioned))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mail@1.1");
  }

  @Test
  void breakingChangesAndReportsRefuseIncompleteValues() {
    assertThatThrownBy(() -> new BreakingChange(Kind.OPERATION_REMOVED, " ", "gone"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CompatibilityReport(" ", SemanticVersion.parse("1.0.0"),
        SemanticVersion.parse("1.0.1"), List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Tuple> changes(ConnectorType older, ConnectorType newer) {
    return CompatibilityChecker.check(older, newer).breakingChanges().stream()
        .map(c -> tuple(c.kind(), c.location()))
        .toList();
  }

  private static List<Tuple> requestChanges(String older, String newer) {
    return changes(withRequest(older, "1.0.0"), withRequest(newer, "1.1.0"));
  }

  private static List<Tuple> responseChanges(String older, String newer) {
    return changes(withResponse(older, "1.0.0"), withResponse(newer, "1.1.0"));
  }

  /** An object schema with one property {@code value} carrying the given keywords, single-quoted for CSV. */
  private static String limited(String keywords) {
    return "{\"properties\": {\"value\": {" + keywords.replace('\'', '"') + "}}}";
  }

  private static ConnectorType baseline(String version) {
    return withReadInbox(UnaryOperator.identity(), version);
  }

  private static ConnectorType withRequest(String schema, String version) {
    return withReadInbox(op -> op.requestSchema(json(schema)), version);
  }

  private static ConnectorType withResponse(String schema, String version) {
    return withReadInbox(op -> op.responseSchema(json(schema)), version);
  }

  private static ConnectorType withConfig(String schema, String version) {
    return ConnectorType.builder("mail", version).configSchema("1", json(schema)).operation(readInbox()).build();
  }

  private static ConnectorType withReadInbox(UnaryOperator<OperationDescriptor.Builder> change, String version) {
    return ConnectorType.builder("mail", version)
        .configSchema("1", json(CONFIG))
        .operation(change.apply(readInbox()))
        .build();
  }

  private static OperationDescriptor.Builder readInbox() {
    return OperationDescriptor.builder("readInbox")
        .modes(ExecutionMode.SYNC)
        .requestSchema(json(READ_REQUEST))
        .responseSchema(json(READ_RESPONSE));
  }

  private static JsonNode json(String text) {
    return JsonResources.parse(text);
  }
}
