package io.cynodeai.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.JsonResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickstartExampleTest {

  @Test
  void quickstartPrintsTheNormalizedEnvelopeTheAuditLineAndTheTypedFailure() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      QuickstartExample.run(out);
    }
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(output).contains("Succeeded, normalized response:");
    JsonNode envelope = JsonResources.parse(output.substring(output.indexOf("{"), output.indexOf("\nAudit event:")));
    assertThat(envelope.fieldNames()).toIterable()
        .containsExactly("metadata", "data", "warnings", "redactions_applied", "truncated");
    assertThat(envelope.at("/metadata/connector_type").asText()).isEqualTo("http");
    assertThat(envelope.at("/metadata/operation").asText()).isEqualTo("get");
    assertThat(envelope.at("/metadata/provider_status_code").asInt()).isEqualTo(200);
    assertThat(envelope.at("/data/status").asInt()).isEqualTo(200);
    assertThat(envelope.at("/data/body")).isEqualTo(JsonResources.parse(LocalInventoryApi.STATUS_JSON));

    List<JsonNode> auditLines = output.lines().filter(line -> line.startsWith("{\"type\":\"invocation\""))
        .map(JsonResources::parse).toList();
    assertThat(auditLines).hasSize(2);
    assertThat(auditLines.get(0).get("outcome").asText()).isEqualTo("succeeded");
    assertThat(auditLines.get(0).get("request_id").asText())
        .isEqualTo(envelope.at("/metadata/request_id").asText());
    assertThat(auditLines.get(0).get("user_id").asText()).isEqualTo("demo");
    assertThat(auditLines.get(1).get("outcome").asText()).isEqualTo("validation_error");

    assertThat(output).contains("Failed: validation_error / schema_violation", "  violation /path: ");
  }
}
