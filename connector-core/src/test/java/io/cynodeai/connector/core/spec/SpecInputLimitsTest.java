package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.internal.spec.SpecReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile spec input is refused while it is parsed, with the line and column of the offending token: an
 * over-long scalar, a document over its cap (where the cap is crossed), deep nesting (where the limit is
 * crossed), in YAML (flow and block) and JSON. Each refusal is bounded in time: the whole text is never scanned
 * past the cap, nor read a second time.
 */
@Tag("REQ-DECL-016")
class SpecInputLimitsTest {
  /** Generous for a refusal that takes milliseconds, far below the minute a 10 MB scalar used to take. */
  private static final Duration BOUND = Duration.ofSeconds(3);
  private static final int TEN_MB = 10 * 1024 * 1024;
  private final ConnectorEngine engine = ConnectorEngines.builder().register(new ImapTestType().type("1.0.0"))
      .policy(PolicyEngine.allowAll()).credentials(ImapTestType.vault()).build();

  @BeforeEach
  void warmUp() {
    assertThat(engine.specs().validate(new SpecSource("warm.yaml", ImapTestType.seedExample())).valid()).isTrue();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private SpecProblem refused(String text) {
    long start = System.nanoTime();
    SpecValidation v = engine.specs().validate(new SpecSource("test.yaml", text));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(v.valid()).isFalse();
    assertThat(took).isLessThan(BOUND);
    assertThat(v.problems()).hasSize(1);
    return v.problems().get(0);
  }

  private static String seedWith(String from, String to) {
    String seed = ImapTestType.seedExample();
    assertThat(seed).contains(from);
    return seed.replace(from, to);
  }

  /** The 1-based line and column of the character at {@code offset} (Java chars, lines split at \n). */
  private static int[] at(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  private static void assertAt(SpecProblem p, String text, int offset) {
    int[] expected = at(text, offset);
    assertThat(new int[] {p.line(), p.column()}).as(p.toString()).containsExactly(expected);
  }

  @Test
  void aTenMegabytePlainYamlScalarIsRefusedWhereTheDocumentCapIsCrossed() {
    String text = seedWith("mailbox: INBOX", "mailbox: " + "x".repeat(TEN_MB));
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_large");
    assertThat(p.message()).doesNotContain("xxxxxxxxxx");
    assertAt(p, text, SpecReader.MAX_DOCUMENT_CHARS);
  }

  @Test
  void aTenMegabyteQuotedYamlScalarIsRefusedWhereTheDocumentCapIsCrossed() {
    String text = seedWith("mailbox: INBOX", "mailbox: \"" + "x".repeat(TEN_MB) + "\"");
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_large");
    assertAt(p, text, SpecReader.MAX_DOCUMENT_CHARS);
  }

  @Test
  void aTenMegabyteJsonStringIsRefusedWhereTheDocumentCapIsCrossed() {
    String text = "{\"apiVersion\": \"cynodeai.io/v1alpha1\",\n \"kind\": \"Connector\",\n \"metadata\": {\"name\": \""
        + "x".repeat(TEN_MB) + "\"}}";
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_large");
    assertAt(p, text, SpecReader.MAX_DOCUMENT_CHARS);
  }

  @Test
  void aScalarOverTheValueCapIsRefusedWhereItStarts() {
    String yaml = seedWith("mailbox: INBOX", "mailbox: " + "x".repeat(SpecReader.MAX_VALUE_CHARS + 1));
    SpecProblem p = refused(yaml);
    assertThat(p.code()).isEqualTo("value_too_large");
    assertThat(p.pointer()).isEqualTo("/spec/config/mailbox");
    assertAt(p, yaml, yaml.indexOf("xxx"));
    String json = "{\"apiVersion\": \"cynodeai.io/v1alpha1\",\n \"kind\": \"Connector\",\n \"metadata\": {\"name\": \""
        + "x".repeat(SpecReader.MAX_VALUE_CHARS + 1) + "\"}}";
    SpecProblem q = refused(json);
    assertThat(q.code()).isEqualTo("value_too_large");
    assertThat(q.pointer()).isEqualTo("/metadata/name");
    assertAt(q, json, json.indexOf("\"xxx"));
  }

  @Test
  void aKeyOverTheValueCapIsRefusedWhereItStarts() {
    // (YAML refuses an implicit key over 1,024 characters as malformed before any cap.)
    String json = "{\"apiVersion\": \"cynodeai.io/v1alpha1\",\n \"spec\": {\"k" + "x".repeat(SpecReader.MAX_VALUE_CHARS)
        + "\": 1}}";
    SpecProblem p = refused(json);
    assertThat(p.code()).isEqualTo("value_too_large");
    assertThat(p.pointer()).isEqualTo("/spec");
    assertAt(p, json, json.indexOf("\"kxxx"));
  }

  /** The offset of the {@code n}th (1-based) occurrence of {@code c} at or after {@code from}. */
  private static int nth(String text, char c, int from, int n) {
    int at = from - 1;
    for (int i = 0; i < n; i++) {
      at = text.indexOf(c, at + 1);
    }
    return at;
  }

  // The document's mapping is level 1, spec 2, config 3, so the nth opening bracket under config is level 3 + n.
  private static final int FIRST_LEVEL_OVER_LIMIT_UNDER_CONFIG = SpecReader.MAX_DEPTH + 1 - 3;

  @Test
  void tenThousandLevelsOfYamlFlowNestingAreRefusedWhereTheLimitIsCrossed() {
    String text = seedWith("    mailbox: INBOX\n", "    mailbox: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_deep");
    assertAt(p, text, nth(text, '[', text.indexOf("mailbox"), FIRST_LEVEL_OVER_LIMIT_UNDER_CONFIG));
  }

  @Test
  void tenThousandLevelsOfYamlBlockNestingAreRefusedWhereTheLimitIsCrossed() {
    String text = seedWith("    mailbox: INBOX\n", "    mailbox:\n      " + "- ".repeat(10_000) + "x\n");
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_deep");
    assertAt(p, text, nth(text, '-', text.indexOf("mailbox"), FIRST_LEVEL_OVER_LIMIT_UNDER_CONFIG));
  }

  @Test
  void tenThousandLevelsOfJsonNestingAreRefusedWhereTheLimitIsCrossed() {
    String text = "{\"apiVersion\": \"cynodeai.io/v1alpha1\",\n \"spec\": {\"config\": {\"mailbox\": "
        + "[".repeat(10_000) + "]".repeat(10_000) + "}}}";
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_deep");
    assertThat(p.pointer()).isEqualTo("/spec/config/mailbox" + "/0".repeat(FIRST_LEVEL_OVER_LIMIT_UNDER_CONFIG - 1));
    assertAt(p, text, nth(text, '[', 0, FIRST_LEVEL_OVER_LIMIT_UNDER_CONFIG));
  }

  @Test
  void aDocumentJustOverTheCapIsRefusedWhereTheCapIsCrossed() {
    // Short lines, so the document ends just past the cap (inside any read-ahead) rather than far beyond it.
    StringBuilder filler = new StringBuilder("    filter:\n      fromAllowlist:\n");
    while (filler.length() < SpecReader.MAX_DOCUMENT_CHARS) {
      filler.append("        - a@example.com\n");
    }
    String text = seedWith("    filter:\n      fromAllowlist:\n        - alerts@example.com\n", filler.toString());
    SpecProblem p = refused(text);
    assertThat(p.code()).isEqualTo("too_large");
    assertAt(p, text, SpecReader.MAX_DOCUMENT_CHARS);
  }

  @Test
  void aSubmissionOverTheSourceCapIsRefusedWhereTheCapIsCrossedWithoutReadingTheRest() {
    int cap = 1_000_000;
    String doc = ImapTestType.seedExample();
    StringBuilder many = new StringBuilder();
    int docs = 0;
    while (many.length() <= cap) {
      many.append("---\n").append(doc.replace("name: ops-mail", "name: ops-mail-" + docs++));
    }
    String text = many + "x".repeat(TEN_MB);
    SpecSource source = new SpecSource("many.yaml", text);
    long start = System.nanoTime();
    SpecReader.Result r = new SpecReader(cap, SpecReader.MAX_DOCUMENT_CHARS).read(source);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo("too_large");
      assertAt(p, text, cap);
    });
  }

  @Test
  void aJsonDocumentAfterAByteOrderMarkIsStillRead() {
    SpecReader.Result r = new SpecReader().read(new SpecSource("bom.json", "\uFEFF{\"apiVersion\": \"v\"}"));
    assertThat(r.problems()).isEmpty();
    assertThat(r.documents()).singleElement().satisfies(d -> assertThat(d.tree().path("apiVersion").asText())
        .isEqualTo("v"));
  }

  @Test
  void aValidBatchNearTheCapsIsStillRead() {
    StringBuilder filler = new StringBuilder("    filter:\n      fromAllowlist:\n");
    while (filler.length() < SpecReader.MAX_DOCUMENT_CHARS - 2_000) {
      filler.append("        - a@example.com\n");
    }
    String one = seedWith("    filter:\n      fromAllowlist:\n        - alerts@example.com\n", filler.toString());
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      batch.append("---\n# a comment between documents\n").append(one.replace("name: ops-mail", "name: m" + i));
    }
    SpecReader.Result r = new SpecReader().read(new SpecSource("batch.yaml", batch.toString()));
    assertThat(r.problems()).isEmpty();
    assertThat(r.documents()).hasSize(20);
    List<String> emoji = List.of("\uD83D\uDE00".repeat(100_000));
    String wide = seedWith("mailbox: INBOX", "mailbox: " + emoji.get(0).substring(0, 60_000));
    assertThat(new SpecReader().read(new SpecSource("wide.yaml", wide)).problems()).isEmpty();
  }
}
