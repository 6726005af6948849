package io.cynodeai.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DiscordExampleTest {

  @Test
  void theCallThatEmptiesTheBucketWarnsAndTheNextWaitsForItsReset() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      DiscordExample.run(out);
    }
    String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");

    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("sent: {").doesNotContain("warnings=");
    assertThat(lines[2]).endsWith("warnings=[Discord rate-limit bucket example-bucket is exhausted; further calls"
        + " wait 250 ms for its reset]");
    Matcher waited = Pattern.compile("read after waiting (\\d+) ms for the bucket: \\{\"messages\":\\[.*")
        .matcher(lines[3]);
    assertThat(waited.matches()).isTrue();
    assertThat(Long.parseLong(waited.group(1))).isGreaterThanOrEqualTo(200);
    assertThat(lines[3]).contains("build 3 is green", "build 1 is green");
  }
}
