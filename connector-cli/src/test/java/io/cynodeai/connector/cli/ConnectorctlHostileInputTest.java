package io.cynodeai.connector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connectorctl against hostile files, in process: over-size and deeply nested specs are refused quickly with
 * file:line:column, bytes that are not UTF-8 are located, control characters from input never reach the
 * terminal, and {@code -o json} keeps standard error quiet.
 */
@Tag("REQ-DECL-016")
class ConnectorctlHostileInputTest {
  /**
   * Generous for refusals that take milliseconds (a 10 MB scalar used to take over a minute), on top of what a
   * run validating the seed takes (each run opens the engine and its state database).
   */
  private static final Duration BOUND = Duration.ofSeconds(3);
  @TempDir
  Path tmp;
  private String seed;
  private Duration baseline;

  record Run(int code, String out, String err, Duration took) {}

  @BeforeEach
  void readSeed() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/specs/ops-mail.yaml")) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SeedSecrets.write(tmp.resolve("state"));
    Path warm = Files.writeString(tmp.resolve("warm.yaml"), seed);
    assertThat(run("validate", warm.toString()).code()).isEqualTo(ExitCodes.OK);
    Run again = run("validate", warm.toString());
    assertThat(again.code()).isEqualTo(ExitCodes.OK);
    baseline = again.took();
  }

  private Run run(String... args) {
    CliRun r = CliRun.of(tmp, args);
    return new Run(r.code(), r.out(), r.err(), r.took());
  }

  private String seedWith(String from, String to) {
    assertThat(seed).contains(from);
    return seed.replace(from, to);
  }

  @Test
  void aTenMegabyteScalarIsRefusedWithFileLineAndColumnWithinSeconds() throws IOException {
    String text = seedWith("mailbox: INBOX", "mailbox: " + "x".repeat(10 * 1024 * 1024));
    Path big = Files.writeString(tmp.resolve("big.yaml"), text);
    Run r = run("validate", big.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    // Line 18 is "    mailbox: xxx..."; the document cap (262,144 characters) is crossed in it.
    int lineStart = text.indexOf("    mailbox:");
    assertThat(r.err()).startsWith(tmp + "/big.yaml:18:" + (262_144 - lineStart + 1) + ": /: ")
        .contains("[too_large]").doesNotContain("xxxxxxxx");
    assertThat(r.took()).isLessThan(baseline.plus(BOUND));
  }

  @Test
  void tenThousandLevelsOfNestingAreRefusedWithFileLineAndColumn() throws IOException {
    Path deep = Files.writeString(tmp.resolve("deep.yaml"),
        seedWith("mailbox: INBOX", "mailbox: " + "[".repeat(10_000) + "]".repeat(10_000)));
    Run r = run("validate", deep.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    // Column 14 is the first '[' (level 4; the document's mapping is level 1): the 62nd, at column 75, is level 65.
    assertThat(r.err()).startsWith(tmp + "/deep.yaml:18:75: /spec/config/mailbox" + "/0".repeat(61) + ": ")
        .contains("[too_deep]");
    assertThat(r.took()).isLessThan(baseline.plus(BOUND));
  }

  @Test
  void aFileOverTheSubmissionCapIsRefusedWhereTheCapIsCrossedWithoutReadingItWhole() throws IOException {
    Path huge = tmp.resolve("huge.yaml");
    String line = "# " + "x".repeat(1021) + "\n"; // 1 KiB a line: the cap (16 Mi chars) is crossed at line 16,385
    try (var w = Files.newBufferedWriter(huge)) {
      for (int i = 0; i < 20 * 1024; i++) {
        w.write(line);
      }
    }
    Run r = run("validate", huge.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).startsWith(tmp + "/huge.yaml:16385:1: /: ").contains("[too_large]");
    assertThat(r.took()).isLessThan(baseline.plus(BOUND));
  }

  @Test
  void bytesThatAreNotUtf8AreLocatedNotReportedAsAnInputLength() throws IOException {
    byte[] head = "apiVersion: cynodeai.io/v1alpha1\nkind: Conn".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[head.length + 3];
    System.arraycopy(head, 0, bad, 0, head.length);
    bad[head.length] = (byte) 0xff;
    bad[head.length + 1] = 'o';
    bad[head.length + 2] = '\n';
    Path file = Files.write(tmp.resolve("latin.yaml"), bad);
    Run r = run("validate", file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).startsWith(tmp + "/latin.yaml:2:11: /: ").contains("[not_utf8]").doesNotContain("Input length");
  }

  @Test
  void controlCharactersFromInputAreShownEscaped() throws IOException {
    Path evil = Files.writeString(tmp.resolve("evil\u001b]0;owned\u0007.yaml"),
        seedWith("name: ops-mail", "name: \"ops\\e[2J\\x9bmail\\x7f\""));
    Run r = run("validate", evil.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).startsWith(tmp + "/evil\\x1b]0;owned\\x07.yaml:4:9: /metadata/name: ");
    assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b")
        .doesNotContain("\u007f");
    Run missing = run("get", "ops\u001b[2Jmail");
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).isEqualTo("no spec named 'ops\\x1b[2Jmail'\n");
    Run badValue = run("-o", "\u001b[2J", "validate", evil.toString());
    assertThat(badValue.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badValue.err()).contains("'\\x1b[2J'").doesNotContain("\u001b");
  }

  @Test
  void jsonOutputKeepsStandardErrorQuietForSuccessesAndRefusals() throws IOException {
    Path ok = Files.writeString(tmp.resolve("ok.yaml"), seed);
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), seedWith("port: 993", "port: \"993\""));
    Path deep = Files.writeString(tmp.resolve("deep.yaml"),
        seedWith("mailbox: INBOX", "mailbox: " + "[".repeat(10_000) + "]".repeat(10_000)));
    Path latin = Files.write(tmp.resolve("latin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xc3, '\n'});
    for (String[] args : List.of(new String[] {"validate", ok.toString()},
        new String[] {"validate", bad.toString()}, new String[] {"validate", deep.toString()},
        new String[] {"validate", latin.toString()}, new String[] {"apply", bad.toString()},
        new String[] {"get", "nothing"}, new String[] {"status", "nothing"},
        new String[] {"validate", tmp.resolve("absent.yaml").toString()})) {
      List<String> all = new ArrayList<>(List.of("-o", "json"));
      all.addAll(List.of(args));
      Run r = run(all.toArray(String[]::new));
      assertThat(r.err()).as(String.join(" ", args)).isEmpty();
      assertThat(JsonResources.parse(r.out()).isObject()).as(String.join(" ", args)).isTrue();
    }
    Run refused = run("-o", "json", "validate", latin.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(JsonResources.parse(refused.out()).path("problems").path(latin.toString()).path(0).path("code")
        .asText()).isEqualTo("not_utf8");
  }
}
