package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.CredentialsSpec;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import io.cynodeai.connector.spi.ConnectorType;
import org.junit.jupiter.api.Test;

class SpecValidationTest {
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final ConnectorEngine engine = ConnectorEngines.builder().register(new ImapTestType().type("1.0.0"))
      .policy(PolicyEngine.allowAll()).auditSink(audit).credentials(ImapTestType.vault()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private SpecValidation validate(String text) {
    return engine.specs().validate(new SpecSource("test.yaml", text));
  }

  private List<SpecProblem> problems(String text) {
    SpecValidation v = validate(text);
    assertThat(v.valid()).isFalse();
    assertThat(v.specs()).isEmpty();
    return v.problems();
  }

  private static String seedWith(String from, String to) {
    String seed = ImapTestType.seedExample();
    assertThat(seed).contains(from);
    return seed.replace(from, to);
  }

  @Test
  @Tag("REQ-DECL-001")
  @Tag("REQ-DECL-003")
  @Tag("REQ-DECL-004")
  void theSeedExampleValidatesAsWritten() {
    SpecValidation v = validate(ImapTestType.seedExample());
    assertThat(v.problems()).isEmpty();
    ConnectorSpec spec = v.specs().get(0);
    assertThat(spec.name()).isEqualTo("ops-mail");
    assertThat(spec.metadata().owner()).isEqualTo(OwnerScope.group("7b2c..."));
    assertThat(spec.metadata().projectId()).isEqualTo("3a91...");
    assertThat(spec.spec().typeVersion()).isEqualTo("1");
    assertThat(spec.spec().config().get("port").asInt()).isEqualTo(993);
    assertThat(spec.spec().config().at("/filter/fromAllowlist/0").asText()).isEqualTo("alerts@example.com");
    assertThat(spec.spec().credentials()).isEqualTo(new CredentialsSpec.SecretRef("cynode-vault",
        "imap-ops-mail-creds", java.util.Map.of("username", "username", "password", "password")));
    assertThat(spec.spec().policy().allowOperations()).containsExactly("readInbox");
    assertThat(spec.spec().limits().maxParallelInvocations()).isEqualTo(4);
    assertThat(spec.spec().limits().rateLimit().rps()).isEqualTo(2.0);
    assertThat(spec.spec().limits().rateLimit().burst()).isEqualTo(5);
  }

  @Test
  @Tag("REQ-DECL-001")
  void jsonAndYamlAreEquivalent() {
    String json = """
        {"apiVersion":"cynodeai.io/v1alpha1","kind":"Connector",
         "metadata":{"name":"ops-mail","owner":{"type":"group","id":"7b2c..."},"projectId":"3a91..."},
         "spec":{"type":"imap","typeVersion":1,"enabled":true,
           "config":{"host":"imap.example.com","port":993,"tls":true,"mailbox":"INBOX",
                     "filter":{"fromAllowlist":["alerts@example.com"]}},
           "credentials":{"mode":"secretRef","secretRef":{"provider":"cynode-vault","name":"imap-ops-mail-creds",
                          "keys":{"username":"username","password":"password"}}},
           "policy":{"allowOperations":["readInbox"],"actionScope":["connector.read"]},
           "limits":{"maxParallelInvocations":4,"rateLimit":{"rps":2,"burst":5}}}}""";
    assertThat(validate(json).specs()).isEqualTo(validate(ImapTestType.seedExample()).specs());
  }

  @Test
  @Tag("REQ-DECL-016")
  void unknownFieldsAreErrorsAtTheirOwnPath() {
    List<SpecProblem> p = problems(seedWith("    mailbox: INBOX\n", "    mailbox: INBOX\n    colour: red\n")
        .replace("  enabled: true\n", "  enabled: true\n  replicas: 3\n"));
    assertThat(p).extracting(SpecProblem::pointer, SpecProblem::code).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("/spec/replicas", "unknown_field"),
        org.assertj.core.groups.Tuple.tuple("/spec/config/colour", "unknown_field"));
    SpecProblem replicas = p.stream().filter(x -> x.pointer().equals("/spec/replicas")).findFirst().orElseThrow();
    assertThat(replicas.line()).isEqualTo(13);
  }

  @Test
  @Tag("REQ-DECL-016")
  void configIsValidatedAgainstTheTypesSchemaWithEveryViolationLocated() {
    List<SpecProblem> p = problems(seedWith("port: 993", "port: 99999").replace("host: imap.example.com",
        "host: \"\""));
    assertThat(p).extracting(SpecProblem::pointer).containsExactlyInAnyOrder("/spec/config/port",
        "/spec/config/host");
    assertThat(p).allSatisfy(x -> assertThat(x.code()).isEqualTo("invalid_config"));
  }

  @Test
  @Tag("REQ-DECL-004")
  void plainSecretsUnderCredentialsAreRefusedWithoutEchoingThem() {
    List<SpecProblem> p = problems(seedWith("    mode: secretRef\n",
        "    mode: secretRef\n    password: hunter2\n"));
    assertThat(p).extracting(SpecProblem::pointer, SpecProblem::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/spec/credentials/password", "plain_secret"));
    assertThat(p.toString()).doesNotContain("hunter2");
  }

  @Test
  @Tag("REQ-DECL-004")
  void configFieldsTheTypeMarksSecretMayNotHoldValues() {
    List<SpecProblem> p = problems(seedWith("    mailbox: INBOX\n", "    mailbox: INBOX\n    password: s3cret\n"));
    assertThat(p).extracting(SpecProblem::pointer, SpecProblem::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/spec/config/password", "plain_secret"));
    assertThat(p.toString()).doesNotContain("s3cret");
  }

  @Test
  @Tag("REQ-DECL-004")
  void encryptedCredentialsMustLookEncrypted() {
    String seed = ImapTestType.seedExample();
    String refBlock = seed.substring(seed.indexOf("  credentials:\n"), seed.indexOf("  policy:\n"));
    String text = seed.replace(refBlock, """
          credentials:
            mode: encrypted
            encrypted:
              keyId: age1ql3z
              values:
                username: ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:x=,type:str]
                password: plaintext-password

        """);
    List<SpecProblem> p = problems(text);
    assertThat(p).extracting(SpecProblem::pointer, SpecProblem::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/spec/credentials/encrypted/values/password", "plain_secret"));
    assertThat(p.toString()).doesNotContain("plaintext-password");
  }

  @Test
  @Tag("REQ-DECL-016")
  void malformedYamlNamesLineAndColumn() {
    List<SpecProblem> p = problems("apiVersion: cynodeai.io/v1alpha1\nkind: Connector\nmetadata:\n  name: [oops\n");
    assertThat(p).hasSize(1);
    assertThat(p.get(0).code()).isEqualTo("malformed");
    assertThat(p.get(0).line()).isGreaterThanOrEqualTo(4);
    assertThat(p.get(0).column()).isPositive();
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    List<SpecProblem> p = problems("{\"apiVersion\": \"cynodeai.io/v1alpha1\",\n  \"kind\": }");
    assertThat(p.get(0).code()).isEqualTo("malformed");
    assertThat(p.get(0).line()).isEqualTo(2);
    assertThat(p.get(0).column()).isEqualTo(11);
  }

  @Test
  void duplicateKeysAreRefused() {
    List<SpecProblem> p = problems(seedWith("  enabled: true\n", "  enabled: true\n  enabled: false\n"));
    assertThat(p.get(0).code()).isEqualTo("malformed");
    assertThat(p.get(0).message()).contains("enabled");
    assertThat(p.get(0).line()).isEqualTo(13);
  }

  @Test
  void aliasBombsAreRefusedWithoutExpansion() {
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      bomb.append("]\n");
    }
    List<SpecProblem> p = problems(bomb.toString());
    assertThat(p).hasSize(1);
    assertThat(p.get(0).code()).isEqualTo("yaml_alias");
    assertThat(p.get(0).line()).isEqualTo(1);
  }

  @Test
  void documentsOverTheSizeCapAreRefused() {
    String big = seedWith("    mailbox: INBOX\n", "    mailbox: " + "x".repeat(300_000) + "\n");
    List<SpecProblem> p = problems(big);
    assertThat(p.get(0).code()).isIn("too_large", "malformed");
    assertThat(p.get(0).message()).doesNotContain("xxxxxxxxxx");
  }

  @Test
  void wrongApiVersionAndKindAreNamed() {
    List<SpecProblem> p = problems(seedWith("cynodeai.io/v1alpha1", "cynodeai.io/v2").replace("kind: Connector",
        "kind: Pod"));
    assertThat(p).extracting(SpecProblem::code).containsExactlyInAnyOrder("wrong_api_version", "wrong_kind");
  }

  @Test
  void unknownTypeAndTypeVersionAreNamed() {
    assertThat(problems(seedWith("type: imap", "type: pop3"))).extracting(SpecProblem::pointer,
        SpecProblem::code).containsExactly(org.assertj.core.groups.Tuple.tuple("/spec/type", "unknown_type"));
    assertThat(problems(seedWith("typeVersion: 1", "typeVersion: 2"))).extracting(SpecProblem::pointer,
        SpecProblem::code).containsExactly(org.assertj.core.groups.Tuple.tuple("/spec/typeVersion",
            "unknown_type_version"));
  }

  @Test
  void namesMustBeDnsLabelLike() {
    assertThat(problems(seedWith("name: ops-mail", "name: Ops_Mail"))).extracting(SpecProblem::pointer)
        .containsExactly("/metadata/name");
    assertThat(problems(seedWith("name: ops-mail", "name: " + "a".repeat(64)))).extracting(SpecProblem::pointer)
        .containsExactly("/metadata/name");
  }

  @Test
  @Tag("REQ-DECL-010")
  void policyAllowlistsNameOnlyOperationsOfTheTypeAndExcludeTemplates() {
    assertThat(problems(seedWith("- readInbox", "- deleteEverything"))).extracting(SpecProblem::pointer,
        SpecProblem::code).containsExactly(org.assertj.core.groups.Tuple.tuple("/spec/policy/allowOperations/0",
            "unknown_operation"));
    assertThat(problems(seedWith("  limits:\n", "  policyTemplate: read-only-notifications\n  limits:\n")))
        .extracting(SpecProblem::code).containsExactly("policy_conflict");
  }

  @Test
  void aMultiDocumentStreamIsABatchAndProblemsNameTheirDocument() {
    String second = seedWith("name: ops-mail", "name: ops-mail-2").replace("port: 993", "port: 0");
    SpecValidation ok = validate(ImapTestType.seedExample() + "---\n"
        + seedWith("name: ops-mail", "name: ops-mail-2"));
    assertThat(ok.specs()).extracting(ConnectorSpec::name).containsExactly("ops-mail", "ops-mail-2");
    List<SpecProblem> p = problems(ImapTestType.seedExample() + "---\n" + second);
    assertThat(p).extracting(SpecProblem::document, SpecProblem::pointer).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, "/spec/config/port"));
    assertThat(problems(ImapTestType.seedExample() + "---\n" + ImapTestType.seedExample()))
        .extracting(SpecProblem::code).containsExactly("duplicate_name");
  }

  @Test
  void emptyYamlDocumentsAreSkipped() {
    SpecValidation v = validate("---\n" + ImapTestType.seedExample() + "---\n---\n");
    assertThat(v.problems()).isEmpty();
    assertThat(v.specs()).extracting(ConnectorSpec::name).containsExactly("ops-mail");
    assertThat(problems("---\n").get(0).code()).isEqualTo("empty");
  }

  @Test
  void validationHasNoSideEffects() {
    validate(ImapTestType.seedExample());
    assertThat(engine.instances().list(io.cynodeai.connector.api.Caller.user("a", null))).isEmpty();
    assertThat(audit.events()).isEmpty();
  }

  @Test
  @Tag("REQ-DECL-016")
  void aLargeBatchReportsEveryProblemInDocumentOrderWithItsLine() {
    String seed = ImapTestType.seedExample();
    int linesPerDocument = (int) seed.chars().filter(c -> c == '\n').count() + 1; // plus the "---" line
    int portLine = 1 + (int) seed.substring(0, seed.indexOf("port: 993")).chars().filter(c -> c == '\n').count();
    StringBuilder batch = new StringBuilder();
    List<Integer> broken = List.of(7, 42, 99);
    for (int i = 0; i < 100; i++) {
      String doc = seed.replace("name: ops-mail", "name: mail-" + (i == 63 ? 5 : i));
      batch.append("---\n").append(broken.contains(i) ? doc.replace("port: 993", "port: -1") : doc);
    }
    assertThat(seed).endsWith("\n");
    List<SpecProblem> p = problems(batch.toString());
    assertThat(p).extracting(SpecProblem::document, SpecProblem::pointer, SpecProblem::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple(7, "/spec/config/port", "invalid_config"),
        org.assertj.core.groups.Tuple.tuple(42, "/spec/config/port", "invalid_config"),
        org.assertj.core.groups.Tuple.tuple(63, "/metadata/name", "duplicate_name"),
        org.assertj.core.groups.Tuple.tuple(99, "/spec/config/port", "invalid_config"));
    for (SpecProblem problem : List.of(p.get(0), p.get(1), p.get(3))) {
      assertThat(problem.line()).isEqualTo(problem.document() * linesPerDocument + 1 + portLine);
      assertThat(problem.column()).isEqualTo(11);
    }
    assertThat(p.get(2).line()).isEqualTo(63 * linesPerDocument + 1 + 4);
  }

  @Test
  @Tag("REQ-DECL-003")
  void credentialKeysAreCheckedAgainstTheKeysTheTypeDeclares() {
    ConnectorType declaring = new ImapTestType().type("1.0.0").toBuilder()
        .credentialKey("username", "the mailbox login", true)
        .credentialKey("password", "the mailbox password", true).build();
    try (ConnectorEngine strict = ConnectorEngines.builder().register(declaring).policy(PolicyEngine.allowAll())
        .auditSink(audit).credentials(ImapTestType.vault()).build()) {
      assertThat(strict.specs().validate(new SpecSource("ok.yaml", ImapTestType.seedExample())).problems())
          .as("the seed maps exactly the declared keys").isEmpty();

      List<SpecProblem> p = strict.specs().validate(new SpecSource("typo.yaml", seedWith(
          "        password: password\n", "        pasword: password\n"))).problems();
      assertThat(p).extracting(SpecProblem::code)
          .containsExactlyInAnyOrder("unknown_credential_key", "credential_key_missing");
      assertThat(p).filteredOn(x -> x.code().equals("unknown_credential_key")).singleElement()
          .satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/spec/credentials/secretRef/keys/pasword");
            assertThat(x.message()).contains("declares no credential key 'pasword' (it declares: username, password)");
          });
      assertThat(p).filteredOn(x -> x.code().equals("credential_key_missing")).singleElement()
          .satisfies(x -> assertThat(x.message()).contains("'password' (the mailbox password)"));
    }
  }
}
