package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.CONFIG;
import static io.cynodeai.connector.testkit.TestConnectors.count;
import static io.cynodeai.connector.testkit.TestConnectors.greet;
import static io.cynodeai.connector.testkit.TestConnectors.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The checklist items read from declarations: each fails on the declaration it exists to catch. */
@Tag("REQ-CERT-004")
class SecurityDeclarationsTest {

  @Test
  void aWellDeclaredTypePassesEveryDeclarationItem() {
    List<CheckResult> items = DeclarationChecks.check(TestConnectors.notes(greet(), count()));

    assertThat(items).extracting(CheckResult::name).containsExactly(DeclarationChecks.TLS,
        DeclarationChecks.SECRET_CONFIG, DeclarationChecks.RETRY_SAFE, DeclarationChecks.CAPS,
        DeclarationChecks.REDACTED_FIELDS);
    assertThat(items).allMatch(CheckResult::passed);
    assertThat(items.get(2).applicable()).isFalse();
    assertThat(items.get(2).detail()).isEqualTo("not applicable: no operation mutates");
  }

  @Test
  void configDefaultsThatTurnTlsOffFail() {
    CheckResult tls = item(withConfig("""
        {"type":"object","properties":{"host":{"type":"string"},"useTls":{"type":"boolean","default":false},
         "skipVerify":{"type":"boolean","default":true},"url":{"type":"string","default":"http://x"}}}"""),
        DeclarationChecks.TLS);

    assertThat(tls.passed()).isFalse();
    assertThat(tls.detail()).isEqualTo("""
        /useTls defaults to false, which turns TLS or its verification off
        /skipVerify defaults to true, which turns TLS or its verification off
        /url defaults to the plain-text URL http://x""");
    assertThat(item(withConfig("""
        {"type":"object","properties":{"tls":{"type":"boolean","default":true}}}"""), DeclarationChecks.TLS).detail())
        .isEqualTo("checked /tls (default true)");
  }

  @Test
  void secretLookingConfigFieldsMustBeWriteOnlyOrRefused() {
    CheckResult secrets = item(withConfig("""
        {"type":"object","properties":{"apiKey":{"type":"string"},"tokenUrl":{"type":"string"},
         "auth":{"type":"object","properties":{"client_secret":{"type":"string","writeOnly":true},
         "password":false}}}}"""), DeclarationChecks.SECRET_CONFIG);

    assertThat(secrets.passed()).isFalse();
    assertThat(secrets.detail()).startsWith("/apiKey looks like a secret but is neither marked").doesNotContain(
        "tokenUrl").doesNotContain("client_secret").doesNotContain("password");
    assertThat(DeclarationChecks.secretLooking("session-id")).isTrue();
    assertThat(DeclarationChecks.secretLooking("username")).isFalse();
  }

  @Test
  void aMutatingOperationRetriedWithoutIdempotencyFails() {
    OperationDescriptor.Builder post = greet().mutating(true).supportsIdempotency(false)
        .retry(RetryPolicy.exponential(2));

    CheckResult retry = item(TestConnectors.notes(post), DeclarationChecks.RETRY_SAFE);

    assertThat(retry.passed()).isFalse();
    assertThat(retry.detail()).startsWith("greet mutates, is retried up to 2 times and does not support idempotency");
    assertThat(item(TestConnectors.notes(greet().mutating(true).supportsIdempotency(true)), DeclarationChecks.RETRY_SAFE)
        .detail()).isEqualTo("greet (idempotent)");
  }

  @Test
  void payloadCapsAboveSixteenMebibytesFail() {
    CheckResult caps = item(TestConnectors.notes(greet().maxResponseBytes(32 * 1024 * 1024)), DeclarationChecks.CAPS);

    assertThat(caps.passed()).isFalse();
    assertThat(caps.detail()).isEqualTo("greet: response cap 33554432 bytes is not between 1 and 16777216");
  }

  @Test
  void credentialLikeResponseFieldsNeedARedactionRule() {
    OperationDescriptor.Builder login = greet().responseSchema(json("""
        {"type":"object","properties":{"text":{"type":"string"},"session":{"type":"object",
         "properties":{"accessToken":{"type":"string"}}},"keys":{"type":"array","items":{"$ref":"#/definitions/k"}}},
         "definitions":{"k":{"type":"object","properties":{"apiKey":{"type":"string"}}}}}"""));

    CheckResult bare = item(TestConnectors.notes(login), DeclarationChecks.REDACTED_FIELDS);
    CheckResult redacted = item(TestConnectors.notes(login.redact("/session/accessToken").redact("/keys/*")),
        DeclarationChecks.REDACTED_FIELDS);

    assertThat(bare.passed()).isFalse();
    assertThat(bare.detail()).isEqualTo("no redaction rule covers greet /session/accessToken, greet /keys/*/apiKey");
    assertThat(redacted.passed()).isTrue();
    assertThat(redacted.detail()).isEqualTo("redacted: greet /session/accessToken, greet /keys/*/apiKey");
  }

  @Test
  void anOperationThatNeedsNoNetworkMustBeDeclaredOffline() {
    CertificationReport undeclared = ConnectorCertification.of(TestConnectors.notes(greet())).config(CONFIG).run();

    CheckResult network = undeclared.checks().stream()
        .filter(c -> c.name().equals(SecurityChecklist.NETWORK)).findFirst().orElseThrow();
    assertThat(network.passed()).isFalse();
    assertThat(network.detail()).contains("declare it with offline(\"greet\")");
  }

  private static ConnectorType withConfig(String schema) {
    return TestConnectors.notes(greet()).toBuilder().configSchema("1", json(schema)).build();
  }

  private static CheckResult item(ConnectorType type, String name) {
    return DeclarationChecks.check(type).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
