package io.cynodeai.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.JsonResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MattermostExampleTest {

  @Test
  void theExamplePostsOnceReplaysTheSameKeyAndReadsThePostBack() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      MattermostExample.run(out);
    }
    String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");

    JsonNode posted = JsonResources.parse(lines[0].substring("posted: ".length()));
    JsonNode again = JsonResources.parse(lines[1].substring("same key again: ".length()));
    JsonNode history = JsonResources.parse(lines[2].substring("channel history: ".length()));
    assertThat(posted.get("message").asText()).isEqualTo("Deploy 42 finished");
    assertThat(again).isEqualTo(posted);
    assertThat(history.get("order")).hasSize(1);
    assertThat(history.get("order").get(0)).isEqualTo(posted.get("id"));
  }
}
